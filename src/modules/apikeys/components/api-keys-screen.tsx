import { ActionForm } from "@/components/action-form";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/ui/date-text";
import { SubmitButton } from "@/components/ui/submit-button";
import { Table, hiddenHeader, type Column } from "@/components/ui/table";
import { createApiKeyAction, revokeApiKeyAction } from "@/modules/apikeys/actions";
import type { ApiKeyView } from "@/modules/apikeys/server/keys";
import { can, type Role } from "@/modules/permissions/permissions";
import { NewApiKeyForm } from "./new-key-form";

const stateOf = (key: ApiKeyView, now: Date) => (key.revokedAt ? "Revoked" : key.expiresAt && key.expiresAt <= now ? "Expired" : "Active");

/** The organisation's API keys: who made each, its scopes, when and from where it was last used; create and revoke. */
export function ApiKeysScreen({ slug, role, keys, now }: { slug: string; role: Role; keys: ApiKeyView[]; now: Date }) {
  const manage = can(role, "apikeys.manage");
  const columns: Column<ApiKeyView>[] = [
    { key: "name", header: "Name", cell: (k) => <span>{k.name} <span className="font-mono text-xs text-zinc-500">cndr_{k.publicId}_…</span></span> },
    { key: "scopes", header: "Scopes", cell: (k) => <span className="font-mono text-xs">{k.scopes.join(" ")}</span> },
    { key: "state", header: "State", cell: (k) => stateOf(k, now) },
    { key: "created", header: "Created", cell: (k) => <span><DateText value={k.createdAt} /> {k.createdByEmail ?? "(a former member)"}</span> },
    { key: "expires", header: "Expires", cell: (k) => <DateText value={k.expiresAt} empty="never" /> },
    { key: "used", header: "Last used", cell: (k) => <span><DateText value={k.lastUsedAt} withTime utc empty="never" /> {k.lastUsedIp ?? ""}</span> },
    ...(manage
      ? [{
          key: "revoke",
          header: hiddenHeader("Revoke"),
          cell: (k: ApiKeyView) =>
            k.revokedAt ? null : (
              <ActionForm action={revokeApiKeyAction.bind(null, slug)}>
                <input type="hidden" name="id" value={k.id} />
                <SubmitButton variant="danger">Revoke</SubmitButton>
              </ActionForm>
            ),
        }]
      : []),
  ];
  return (
    <div className="max-w-5xl space-y-6">
      <Card>
        <h2 className="text-lg font-semibold">API keys</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Keys let scripts use the REST API (<a href="/docs/api">documentation</a>). A key acts with its creator&apos;s role, limited to its scopes, and is recorded in the audit trail under its own name.
        </p>
        {!manage ? <div className="mt-3"><Alert tone="info">Only owners and admins can create or revoke API keys.</Alert></div> : null}
        <Table columns={columns} rows={keys} rowKey={(k) => k.id} empty="No API keys yet." />
      </Card>
      {manage ? (
        <Card>
          <h3 className="font-semibold">New API key</h3>
          <div className="mt-3"><NewApiKeyForm action={createApiKeyAction.bind(null, slug)} /></div>
        </Card>
      ) : null}
    </div>
  );
}
