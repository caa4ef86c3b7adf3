import { FilterForm } from "@/components/ui/filter-form";
import { Link } from "@/components/ui/link";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/ui/date-text";
import { compactInputClass, FilterField } from "@/components/ui/select";
import { Table, type Column } from "@/components/ui/table";
import { can, type Role } from "@/modules/permissions/permissions";
import { hrefWith, REQUEST_TABS, TAB_STATUS, type RequestQuery, type RequestTab } from "../query";
import type { requestQueue } from "../server/dashboard";
import { AccessHeader, Pill } from "./access-nav";
import { CertificateLink } from "./certificate-link";
import { ApproveForm, DenyForm } from "./decide-forms";

type Queue = Awaited<ReturnType<typeof requestQueue>>;
type Request = Queue["requests"][number];

const TAB_LABELS: Record<RequestTab, string> = { pending: "Pending", approved: "Approved", denied: "Denied", expired: "Expired", unverified: "Unverified" };
const EMPTY: Record<RequestTab, string> = {
  pending: "No request is waiting for review.",
  approved: "No request has been approved yet.",
  denied: "No request has been denied.",
  expired: "No request has expired.",
  unverified: "No request is waiting for its requester to confirm their address.",
};

/** The request queue: a tab per status, search by email or company, each request with its decision. */
export function RequestsScreen({ slug, role, query, queue }: { slug: string; role: Role; query: RequestQuery; queue: Queue }) {
  const base = `/dashboard/${slug}/access`;
  const link = (changes: Partial<RequestQuery>) => hrefWith(base, query, changes);
  return (
    <AccessHeader slug={slug} current="requests">
      <Card>
        <nav aria-label="Request status" className="flex flex-wrap gap-2 text-sm">
          {REQUEST_TABS.map((tab) => (
            <Link
              key={tab}
              href={link({ status: tab, page: 1 })}
              aria-current={tab === query.status ? "page" : undefined}
              className={`rounded-md px-3 py-1.5 no-underline ${tab === query.status ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "border border-zinc-300 dark:border-zinc-700"}`}
            >
              {TAB_LABELS[tab]} ({queue.counts[TAB_STATUS[tab]] ?? 0})
            </Link>
          ))}
        </nav>
        <FilterForm className="mt-4 flex flex-wrap items-end gap-3 text-sm" action={base}>
          <input type="hidden" name="status" value={query.status} />
          <FilterField label="Search email or company">
            <input name="q" defaultValue={query.q} maxLength={100} className={compactInputClass} />
          </FilterField>
          <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1.5 dark:border-zinc-700">
            Search
          </button>
          {query.q ? <Link href={link({ q: undefined, page: 1 })}>Clear</Link> : null}
        </FilterForm>
        <Table
          columns={requestColumns({ slug, queue, canReview: can(role, "access.review") })}
          rows={queue.requests}
          rowKey={(row) => row.id}
          rowTestId={(row) => `request-${row.email}`}
          empty={query.q ? "No request matches." : EMPTY[query.status]}
          paging={{ page: queue.page, pageSize: queue.pageSize, total: queue.total, href: (page) => link({ page }) }}
        />
      </Card>
    </AccessHeader>
  );
}

function DomainClass({ request }: { request: Request }) {
  if (request.domainClass.disposable) return <Pill tone="bad">disposable</Pill>;
  if (request.domainClass.free) return <Pill tone="warn">free mail</Pill>;
  return null;
}

function Decision({ slug, request }: { slug: string; request: Request }) {
  return (
    <div className="space-y-1">
      {request.decidedBy ? <p>By {request.decidedBy}</p> : request.decidedByRule ? <p>{request.decidedByRule}</p> : null}
      {request.decisionReason ? <p className="text-zinc-600 dark:text-zinc-400">“{request.decisionReason}”</p> : null}
      {request.decidedAt ? (
        <p className="text-xs text-zinc-500">
          <DateText value={request.decidedAt} withTime />
        </p>
      ) : null}
      {request.grantId ? <Link href={`/dashboard/${slug}/access/grants/${request.grantId}`}>The grant</Link> : null}
    </div>
  );
}

function requestColumns({ slug, queue, canReview }: { slug: string; queue: Queue; canReview: boolean }): (Column<Request> | false)[] {
  return [
    {
      key: "who",
      header: "Requester",
      cell: (r) => (
        <div className="space-y-0.5">
          <p className="font-medium">{r.fullName}</p>
          <p>
            {r.email} <DomainClass request={r} />
          </p>
          <p className="text-zinc-600 dark:text-zinc-400">{r.company}</p>
        </div>
      ),
    },
    {
      key: "asked",
      header: "Asked for",
      cell: (r) => (
        <div className="space-y-1">
          <p>{r.itemTitles ? r.itemTitles.join(", ") : "All NDA items"}</p>
          {r.reason ? <p className="text-zinc-600 dark:text-zinc-400">“{r.reason}”</p> : null}
          <p className="text-xs text-zinc-500">
            <DateText value={r.createdAt} withTime />
          </p>
        </div>
      ),
    },
    {
      key: "nda",
      header: "NDA accepted",
      className: "whitespace-nowrap",
      cell: (r) =>
        r.ndaVersion ? (
          <div className="space-y-0.5">
            <p>v{r.ndaVersion}</p>
            {r.acceptanceId ? <CertificateLink slug={slug} acceptanceId={r.acceptanceId} /> : null}
          </div>
        ) : (
          "—"
        ),
    },
    { key: "decision", header: "Decided by", cell: (r) => <Decision slug={slug} request={r} /> },
    canReview && {
      key: "act",
      header: "Decide",
      cell: (r) =>
        r.status === "PENDING" ? (
          <details className="min-w-64">
            <summary className="cursor-pointer font-medium">Approve or deny</summary>
            <div className="mt-2 space-y-4">
              <ApproveForm slug={slug} request={r} queue={queue} />
              <DenyForm slug={slug} request={r} />
            </div>
          </details>
        ) : (
          <span className="text-zinc-500">—</span>
        ),
    },
  ];
}
