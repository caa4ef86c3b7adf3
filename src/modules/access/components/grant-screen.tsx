import { Link } from "@/components/ui/link";
import { Alert } from "@/components/ui/alert";
import { ActionForm } from "@/components/action-form";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/ui/date-text";
import { SubmitButton } from "@/components/ui/submit-button";
import { Table } from "@/components/ui/table";
import { can, type Role } from "@/modules/permissions/permissions";
import { extendGrantAction, revokeGrantAction } from "../actions";
import { GRANT_DAYS } from "../schema";
import type { grantDetail } from "../server/dashboard";
import { AccessHeader } from "./access-nav";
import { CertificateLink } from "./certificate-link";
import { GrantState } from "./grants-screen";

type Detail = Awaited<ReturnType<typeof grantDetail>>;
type Grant = Detail["grant"];
type Download = Detail["downloads"][number];
type Acceptance = Detail["acceptances"][number];

const inputClass = "w-24 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** One grant: what it covers and until when, extend or revoke it, and everything its holder downloaded. */
export function GrantScreen({ slug, role, detail, revoked = false }: { slug: string; role: Role; detail: Detail; revoked?: boolean }) {
  const { grant } = detail;
  const canReview = can(role, "access.review");
  return (
    <AccessHeader slug={slug} current="grants">
      <Card>
        <p className="text-sm">
          <Link href={`/dashboard/${slug}/access/grants`}>← All grants</Link>
        </p>
        {revoked ? (
          <div className="mt-2">
            <Alert tone="success">Revoked. The grantee&apos;s sessions ended; their next request is refused.</Alert>
          </div>
        ) : null}
        <h3 className="mt-2 text-lg font-semibold">
          {grant.fullName} <GrantState state={grant.state} />
        </h3>
        <dl className="mt-3 grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1 text-sm" data-testid="grant-summary">
          <dt className="text-zinc-500">Email</dt>
          <dd>{grant.email}</dd>
          <dt className="text-zinc-500">Company</dt>
          <dd>{grant.company}</dd>
          <dt className="text-zinc-500">Items</dt>
          <dd>{grant.itemTitles ? grant.itemTitles.join(", ") : "All NDA items"}</dd>
          <dt className="text-zinc-500">NDA accepted</dt>
          <dd>{grant.ndaVersion ? `v${grant.ndaVersion}` : "—"}</dd>
          <dt className="text-zinc-500">Granted</dt>
          <dd>
            <DateText value={grant.createdAt} withTime />
          </dd>
          <dt className="text-zinc-500">Ends</dt>
          <dd>
            <DateText value={grant.expiresAt} withTime />
            {grant.extendedAt ? " (extended)" : ""}
          </dd>
          {grant.revokedAt ? (
            <>
              <dt className="text-zinc-500">Revoked</dt>
              <dd>
                <DateText value={grant.revokedAt} withTime /> by {grant.revokedBy ?? "—"}
              </dd>
            </>
          ) : null}
        </dl>
      </Card>
      {canReview && !grant.revokedAt ? <GrantActions slug={slug} grant={grant} /> : null}
      <Acceptances slug={slug} acceptances={detail.acceptances} />
      <Card>
        <h3 className="font-semibold">Downloads ({grant.downloads})</h3>
        {grant.downloads > detail.shown ? <p className="mt-1 text-sm text-zinc-500">The newest {detail.shown} are shown; the download log has them all.</p> : null}
        <Table<Download>
          columns={[
            { key: "at", header: "When", className: "whitespace-nowrap", cell: (d) => <DateText value={d.at} withTime="seconds" utc /> },
            { key: "document", header: "Document", cell: (d) => d.documentTitle },
            { key: "ip", header: "IP", className: "font-mono text-xs", cell: (d) => d.ipAddress ?? "not recorded" },
            { key: "watermark", header: "Watermark", className: "font-mono text-xs", cell: (d) => d.watermarkId },
            { key: "sha", header: "SHA-256 served", className: "font-mono text-xs break-all", cell: (d) => d.sha256 },
          ]}
          rows={detail.downloads}
          rowKey={(d) => d.id}
          empty="Nothing downloaded under this grant yet."
        />
        <p className="mt-3 text-sm">
          <Link href={`/dashboard/${slug}/access/downloads?grant=${grant.id}`}>This grant in the download log</Link>
        </p>
      </Card>
    </AccessHeader>
  );
}

/** Each NDA acceptance behind this grant (with the request, then any later version), with its certificate. */
function Acceptances({ slug, acceptances }: { slug: string; acceptances: Acceptance[] }) {
  return (
    <Card>
      <h3 className="font-semibold">NDA acceptances</h3>
      <Table<Acceptance>
        columns={[
          { key: "at", header: "Accepted", className: "whitespace-nowrap", cell: (a) => <DateText value={a.acceptedAt} withTime="seconds" utc /> },
          { key: "version", header: "Version", cell: (a) => `v${a.ndaVersion}` },
          { key: "ip", header: "IP", className: "font-mono text-xs", cell: (a) => a.ipAddress ?? "not recorded" },
          { key: "sha", header: "SHA-256 of the text", className: "font-mono text-xs break-all", cell: (a) => a.textSha256 },
          { key: "certificate", header: "Certificate", className: "whitespace-nowrap", cell: (a) => <CertificateLink slug={slug} acceptanceId={a.id}>Download (PDF)</CertificateLink> },
        ]}
        rows={acceptances}
        rowKey={(a) => a.id}
        empty="No click-through NDA was accepted for this grant."
      />
    </Card>
  );
}

function GrantActions({ slug, grant }: { slug: string; grant: Grant }) {
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Card>
        <h3 className="font-semibold">Extend</h3>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Adds days to the end date (or to today, if it has lapsed).</p>
        <ActionForm action={extendGrantAction.bind(null, slug, grant.id)} className="mt-3 space-y-2 text-sm">
          <input type="hidden" name="version" value={grant.version} />
          <label className="block space-y-1">
            <span className="block font-medium">Days to add</span>
            <input type="number" name="days" min={GRANT_DAYS.min} max={GRANT_DAYS.max} defaultValue={30} required className={inputClass} />
          </label>
          <SubmitButton variant="secondary" pendingLabel="Extending…">
            Extend
          </SubmitButton>
        </ActionForm>
      </Card>
      <Card>
        <h3 className="font-semibold">Revoke</h3>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Ends the grant now: the grantee&apos;s sessions end and their next request is refused. It cannot be undone.</p>
        <ActionForm action={revokeGrantAction.bind(null, slug, grant.id)} className="mt-3 space-y-2 text-sm">
          <input type="hidden" name="version" value={grant.version} />
          <label className="flex items-center gap-2">
            <input type="checkbox" name="confirm" required /> Yes, revoke {grant.email}&apos;s access
          </label>
          <SubmitButton variant="danger" pendingLabel="Revoking…">
            Revoke
          </SubmitButton>
        </ActionForm>
      </Card>
    </div>
  );
}
