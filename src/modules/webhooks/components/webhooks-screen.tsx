import { Link } from "@/components/ui/link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/ui/date-text";
import { SubmitButton } from "@/components/ui/submit-button";
import { Table, type Column } from "@/components/ui/table";
import { createWebhookAction } from "@/modules/webhooks/actions";
import { MAX_ENDPOINTS_PER_ORG, type EndpointView } from "@/modules/webhooks/server/endpoints";
import { EndpointFields } from "./endpoint-fields";
import { SecretForm } from "./secret-form";

export function EndpointState({ endpoint }: { endpoint: Pick<EndpointView, "enabled" | "consecutiveFailures"> }) {
  if (!endpoint.enabled) return <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-900 dark:bg-red-950 dark:text-red-200">Disabled</span>;
  if (endpoint.consecutiveFailures > 0) return <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900 dark:bg-amber-950 dark:text-amber-200">Failing ({endpoint.consecutiveFailures})</span>;
  return <span className="rounded-full bg-green-100 px-2 py-0.5 text-xs font-semibold text-green-900 dark:bg-green-950 dark:text-green-200">Active</span>;
}

/** The organisation's webhook endpoints, and adding one (its secret shown once). */
export function WebhooksScreen({ slug, endpoints, deleted }: { slug: string; endpoints: EndpointView[]; deleted: boolean }) {
  const columns: Column<EndpointView>[] = [
    { key: "url", header: "Endpoint", cell: (e) => <Link href={`/dashboard/${slug}/webhooks/${e.id}`} className="break-all font-mono">{e.url}</Link> },
    { key: "description", header: "Description", cell: (e) => e.description },
    { key: "events", header: "Events", cell: (e) => e.events.length },
    { key: "state", header: "State", cell: (e) => <EndpointState endpoint={e} /> },
    { key: "created", header: "Added", cell: (e) => <DateText value={e.createdAt} /> },
  ];
  return (
    <div className="space-y-6">
      <Card>
        <h2 className="text-lg font-semibold">Webhooks</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Candor POSTs events to your HTTPS endpoints, signed per the Standard Webhooks spec (webhook-id, webhook-timestamp, webhook-signature). A failed delivery is retried with backoff for up to 3 days; an endpoint that keeps failing is disabled and owners and admins are emailed.
        </p>
        {deleted ? <div className="mt-3"><Alert tone="success">Endpoint deleted.</Alert></div> : null}
        <Table className="mt-4" columns={columns} rows={endpoints} rowKey={(e) => e.id} empty="No endpoints yet." />
      </Card>
      {endpoints.length < MAX_ENDPOINTS_PER_ORG ? (
        <Card>
          <h3 className="font-semibold">Add an endpoint</h3>
          <SecretForm action={createWebhookAction.bind(null, slug)} className="mt-3 space-y-4">
            <EndpointFields />
            <SubmitButton pendingLabel="Checking the address…">Add endpoint</SubmitButton>
          </SecretForm>
        </Card>
      ) : null}
    </div>
  );
}
