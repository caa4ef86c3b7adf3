import { Link } from "@/components/ui/link";
import { ActionForm } from "@/components/action-form";
import { DeleteCard } from "@/components/delete-card";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/ui/date-text";
import { SubmitButton } from "@/components/ui/submit-button";
import { Table, type Column } from "@/components/ui/table";
import { deleteWebhookAction, redeliverWebhookAction, rotateWebhookSecretAction, sendTestWebhookAction, setWebhookEnabledAction, updateWebhookAction } from "@/modules/webhooks/actions";
import type { DeliveryView, EndpointView } from "@/modules/webhooks/server/endpoints";
import { EndpointFields } from "./endpoint-fields";
import { SecretForm } from "./secret-form";
import { EndpointState } from "./webhooks-screen";

/** One endpoint: edit, enable or disable, rotate its secret, test, the delivery log, delete. */
export function WebhookScreen({ slug, endpoint, deliveries }: { slug: string; endpoint: EndpointView; deliveries: DeliveryView[] }) {
  return (
    <div className="max-w-5xl space-y-6">
      <Card>
        <Link href={`/dashboard/${slug}/webhooks`} className="text-sm">
          ← All endpoints
        </Link>
        <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
          <h2 className="break-all font-mono text-base font-semibold">{endpoint.url}</h2>
          <EndpointState endpoint={endpoint} />
        </div>
        {endpoint.disabledReason ? <div className="mt-3"><Alert tone="error">{endpoint.disabledReason} (<DateText value={endpoint.disabledAt} withTime />)</Alert></div> : null}
        {endpoint.previousSecretExpiresAt ? <p className="mt-2 text-xs text-zinc-500">The previous secret also signs until <DateText value={endpoint.previousSecretExpiresAt} withTime />.</p> : null}
        <div className="mt-4 flex flex-wrap items-start gap-3">
          <ActionForm action={setWebhookEnabledAction.bind(null, slug, endpoint.id)}>
            <input type="hidden" name="version" value={endpoint.version} />
            <input type="hidden" name="enabled" value={endpoint.enabled ? "false" : "true"} />
            <SubmitButton variant="secondary">{endpoint.enabled ? "Disable" : "Enable"}</SubmitButton>
          </ActionForm>
          <ActionForm action={sendTestWebhookAction.bind(null, slug, endpoint.id)}>
            <SubmitButton variant="secondary" pendingLabel="Queueing…">Send test event</SubmitButton>
          </ActionForm>
          <SecretForm action={rotateWebhookSecretAction.bind(null, slug, endpoint.id)}>
            <input type="hidden" name="version" value={endpoint.version} />
            <SubmitButton variant="secondary" pendingLabel="Rotating…">Rotate secret</SubmitButton>
          </SecretForm>
        </div>
      </Card>
      <Card>
        <h3 className="font-semibold">Settings</h3>
        <ActionForm action={updateWebhookAction.bind(null, slug, endpoint.id)} className="mt-3 space-y-4">
          <input type="hidden" name="version" value={endpoint.version} />
          <EndpointFields values={endpoint} />
          <SubmitButton pendingLabel="Checking the address…">Save</SubmitButton>
        </ActionForm>
      </Card>
      <DeliveryLog slug={slug} endpointId={endpoint.id} deliveries={deliveries} />
      <DeleteCard title="Delete this endpoint" note="Its delivery log goes with it. Queued deliveries are dropped." action={deleteWebhookAction.bind(null, slug, endpoint.id)} version={endpoint.version} label="Delete endpoint" />
    </div>
  );
}

function DeliveryLog({ slug, endpointId, deliveries }: { slug: string; endpointId: string; deliveries: DeliveryView[] }) {
  const columns: Column<DeliveryView>[] = [
    { key: "when", header: "When", cell: (d) => <DateText value={d.createdAt} withTime="seconds" /> },
    { key: "event", header: "Event", cell: (d) => <span className="font-mono text-xs">{d.event.type}<br />{d.eventId}</span> },
    { key: "attempt", header: "Attempt", cell: (d) => d.attempt },
    { key: "status", header: "Result", cell: (d) => `${d.status.toLowerCase()}${d.responseStatus ? ` · HTTP ${d.responseStatus}` : ""}${d.latencyMs !== null ? ` · ${d.latencyMs} ms` : ""}` },
    { key: "response", header: "Response", cell: (d) => <pre className="max-w-xs whitespace-pre-wrap break-all text-xs">{d.error ? `${d.error}\n` : ""}{d.responseExcerpt ?? ""}</pre> },
    {
      key: "redeliver",
      header: "",
      cell: (d) => (
        <ActionForm action={redeliverWebhookAction.bind(null, slug, endpointId)}>
          <input type="hidden" name="eventId" value={d.eventId} />
          <SubmitButton variant="secondary">Redeliver</SubmitButton>
        </ActionForm>
      ),
    },
  ];
  return (
    <Card>
      <h3 className="font-semibold">Delivery log</h3>
      <p className="mt-1 text-xs text-zinc-500">The latest 50 attempts. A redelivery sends the same message again, with the same webhook-id.</p>
      <Table className="mt-3" columns={columns} rows={deliveries} rowKey={(d) => d.id} empty="Nothing delivered yet." />
    </Card>
  );
}
