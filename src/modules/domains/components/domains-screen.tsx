import type { ReactNode } from "react";
import { ActionForm } from "@/components/action-form";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { DateText } from "@/components/ui/date-text";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { Table, type Column } from "@/components/ui/table";
import { can, type Role } from "@/modules/permissions/permissions";
import { addDomainAction, removeDomainAction, setDomainModeAction, verifyDomainAction } from "@/modules/domains/actions";
import { CHALLENGE_PREFIX } from "@/modules/domains/server/dns";
import { MAX_DOMAINS_PER_ORG, type DomainView } from "@/modules/domains/server/domains";
import { SUSPEND_AFTER_HOURS } from "@/modules/domains/server/state";

const STATUS = {
  PENDING: { label: "Pending", tone: "bg-zinc-100 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200" },
  VERIFIED: { label: "Verified", tone: "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200" },
  FAILED: { label: "Failed", tone: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200" },
  SUSPENDED: { label: "Suspended", tone: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200" },
} as const;

/** A moment of a DNS check, in UTC (compared with DNS and CA logs, not read locally). */
const When = ({ value }: { value: Date | null }) => <DateText value={value} withTime utc empty="never" />;

/** The custom domains of an organisation, their DNS records and state, and adding one. */
export function DomainsScreen({ slug, role, domains, platformUrl, cnameTarget }: { slug: string; role: Role; domains: DomainView[]; platformUrl: string; cnameTarget: string }) {
  const manage = can(role, "domains.manage");
  return (
    <div className="max-w-3xl space-y-6">
      <Card>
        <h2 className="text-lg font-semibold">Custom domain</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Your trust center answers at{" "}
          <a href={platformUrl} className="font-mono">
            {platformUrl}
          </a>
          . Serve it at your own host name, such as <span className="font-mono">trust.example.com</span>, with HTTPS set up for you once DNS proves the name is yours.
        </p>
        {!manage ? <Spaced><Alert tone="info">Only owners and admins can add or change a custom domain.</Alert></Spaced> : null}
      </Card>
      {domains.map((domain) => (
        <DomainCard key={domain.id} slug={slug} domain={domain} manage={manage} cnameTarget={cnameTarget} />
      ))}
      {manage && domains.length < MAX_DOMAINS_PER_ORG ? <AddDomainCard slug={slug} cnameTarget={cnameTarget} /> : null}
    </div>
  );
}

const Spaced = ({ children }: { children: ReactNode }) => <div className="mt-3">{children}</div>;

function AddDomainCard({ slug, cnameTarget }: { slug: string; cnameTarget: string }) {
  return (
    <Card>
      <h3 className="font-semibold">Add a custom domain</h3>
      <ActionForm action={addDomainAction.bind(null, slug)} className="mt-3 space-y-4">
        <TextField name="hostname" label="Host name" placeholder="trust.example.com" required autoComplete="off" spellCheck={false} hint="A name under a domain you control. Not an IP address, and not a bare public suffix." />
        <fieldset className="space-y-2 text-sm">
          <legend className="font-medium">How it reaches Candor</legend>
          <label className="flex items-start gap-2">
            <input type="radio" name="mode" value="CNAME" defaultChecked className="mt-1" />
            <span>
              <strong>CNAME to Candor</strong> (recommended): DNS points the name at <span className="font-mono">{cnameTarget}</span>.
            </span>
          </label>
          <label className="flex items-start gap-2">
            <input type="radio" name="mode" value="PROXY" className="mt-1" />
            <span>
              <strong>Behind my own proxy or CDN</strong>: your proxy forwards to Candor, so the name does not point at us; the TXT record alone proves control.
            </span>
          </label>
        </fieldset>
        <SubmitButton pendingLabel="Adding…">Add domain</SubmitButton>
      </ActionForm>
    </Card>
  );
}

function DomainCard({ slug, domain, manage, cnameTarget }: { slug: string; domain: DomainView; manage: boolean; cnameTarget: string }) {
  const status = STATUS[domain.status];
  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-mono text-base font-semibold">{domain.hostname}</h3>
        <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${status.tone}`}>{status.label}</span>
      </div>
      <p className="mt-1 text-xs text-zinc-500">
        Last checked <When value={domain.lastCheckedAt} /> · {domain.mode === "CNAME" ? "CNAME to Candor" : "behind your own proxy (TXT only)"}
        {domain.verifiedAt ? (
          <>
            {" "}
            · verified since <When value={domain.verifiedAt} />
          </>
        ) : null}
      </p>
      <DomainAlerts domain={domain} />
      <h4 className="mt-4 text-sm font-semibold">DNS records</h4>
      <DnsRecords domain={domain} cnameTarget={cnameTarget} />
      {domain.mode === "PROXY" ? (
        <p className="mt-2 text-xs text-zinc-500">
          Configure your proxy or CDN to forward <span className="font-mono">{domain.hostname}</span> to Candor with the original Host header and to terminate TLS itself. See the README, &quot;Custom domains behind your own proxy&quot;.
        </p>
      ) : null}
      {manage ? <DomainActions slug={slug} domain={domain} /> : null}
    </Card>
  );
}

function DomainAlerts({ domain }: { domain: DomainView }) {
  return (
    <>
      {domain.status === "VERIFIED" && !domain.failingSince ? (
        <Spaced>
          <Alert tone="success">
            Serving your trust center at{" "}
            <a href={`https://${domain.hostname}/`} className="font-mono">
              https://{domain.hostname}/
            </a>
            .
          </Alert>
        </Spaced>
      ) : null}
      {domain.ownedElsewhere ? (
        <Spaced>
          <Alert tone="warning">This host name is in use by another organisation on Candor. Verifying with your own TXT record transfers it to you, and they are notified.</Alert>
        </Spaced>
      ) : null}
      {domain.failingSince && domain.status === "VERIFIED" ? (
        <Spaced>
          <Alert tone="warning">
            Failing DNS checks since <When value={domain.failingSince} />. Still serving; it will be suspended {SUSPEND_AFTER_HOURS} hours after the first failure unless a check passes.
          </Alert>
        </Spaced>
      ) : null}
      {domain.status === "SUSPENDED" ? (
        <Spaced>
          <Alert tone="error">
            Suspended on <When value={domain.suspendedAt} /> after {SUSPEND_AFTER_HOURS} hours of failed checks: it no longer serves your trust center. Fix DNS and verify to restore it.
          </Alert>
        </Spaced>
      ) : null}
      {domain.message ? (
        <Spaced>
          <Alert tone={domain.reason === "DNS_ERROR" ? "info" : "error"}>
            <span className="font-semibold">Last check: </span>
            {domain.message}
          </Alert>
        </Spaced>
      ) : null}
    </>
  );
}

type DnsRecord = { type: string; name: string; value: string };

const copyable = (text: string, label: string) => (
  <div className="flex items-center gap-2">
    <span className="break-all font-mono">{text}</span>
    <CopyButton value={text} label={label} />
  </div>
);

const RECORD_COLUMNS: Column<DnsRecord>[] = [
  { key: "type", header: "Type", className: "font-mono", cell: (r) => r.type },
  { key: "name", header: "Name", cell: (r) => copyable(r.name, `${r.type} name`) },
  { key: "value", header: "Value", cell: (r) => copyable(r.value, `${r.type} value`) },
];

function DnsRecords({ domain, cnameTarget }: { domain: DomainView; cnameTarget: string }) {
  const records: DnsRecord[] = [
    { type: "TXT", name: `${CHALLENGE_PREFIX}${domain.hostname}`, value: domain.token },
    ...(domain.mode === "CNAME" ? [{ type: "CNAME", name: domain.hostname, value: cnameTarget }] : []),
  ];
  return <Table className="mt-2" columns={RECORD_COLUMNS} rows={records} rowKey={(r) => r.type} empty="No records." />;
}

function DomainActions({ slug, domain }: { slug: string; domain: DomainView }) {
  return (
    <div className="mt-4 flex flex-wrap items-start gap-3">
      <ActionForm action={verifyDomainAction.bind(null, slug)}>
        <input type="hidden" name="id" value={domain.id} />
        <SubmitButton pendingLabel="Checking DNS…">Verify now</SubmitButton>
      </ActionForm>
      <ActionForm action={setDomainModeAction.bind(null, slug)}>
        <input type="hidden" name="id" value={domain.id} />
        <input type="hidden" name="mode" value={domain.mode === "CNAME" ? "PROXY" : "CNAME"} />
        <SubmitButton variant="secondary" pendingLabel="Saving…">
          {domain.mode === "CNAME" ? "Use behind my own proxy" : "Use a CNAME to Candor"}
        </SubmitButton>
      </ActionForm>
      <ActionForm action={removeDomainAction.bind(null, slug)}>
        <input type="hidden" name="id" value={domain.id} />
        <SubmitButton variant="danger" pendingLabel="Removing…">
          Remove
        </SubmitButton>
      </ActionForm>
    </div>
  );
}
