import { FilterForm } from "@/components/ui/filter-form";
import { Link } from "@/components/ui/link";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/ui/date-text";
import { compactInputClass, FilterField } from "@/components/ui/select";
import { Table } from "@/components/ui/table";
import { GRANT_STATES, hrefWith, type GrantQuery, type GrantState } from "../query";
import type { grantList } from "../server/dashboard";
import { AccessHeader, Pill } from "./access-nav";

type Grants = Awaited<ReturnType<typeof grantList>>;
type Grant = Grants["grants"][number];

const STATE_LABELS: Record<GrantState, string> = { active: "Active", expired: "Expired", revoked: "Revoked" };
const EMPTY: Record<GrantState, string> = { active: "No active grant.", expired: "No grant has expired.", revoked: "No grant has been revoked." };

export function GrantState({ state }: { state: GrantState }) {
  return <Pill tone={state === "active" ? "good" : state === "revoked" ? "bad" : "neutral"}>{STATE_LABELS[state]}</Pill>;
}

/** Grants by state: who holds access to what, until when, and how much they downloaded. */
export function GrantsScreen({ slug, query, grants }: { slug: string; query: GrantQuery; grants: Grants }) {
  const base = `/dashboard/${slug}/access/grants`;
  const link = (changes: Partial<GrantQuery>) => hrefWith(base, query, changes);
  return (
    <AccessHeader slug={slug} current="grants">
      <Card>
        <nav aria-label="Grant state" className="flex flex-wrap gap-2 text-sm">
          {GRANT_STATES.map((state) => (
            <Link
              key={state}
              href={link({ state, page: 1 })}
              aria-current={state === query.state ? "page" : undefined}
              className={`rounded-md px-3 py-1.5 no-underline ${state === query.state ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "border border-zinc-300 dark:border-zinc-700"}`}
            >
              {STATE_LABELS[state]}
            </Link>
          ))}
        </nav>
        <FilterForm className="mt-4 flex flex-wrap items-end gap-3 text-sm" action={base}>
          <input type="hidden" name="state" value={query.state} />
          <FilterField label="Search email or company">
            <input name="q" defaultValue={query.q} maxLength={100} className={compactInputClass} />
          </FilterField>
          <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1.5 dark:border-zinc-700">
            Search
          </button>
          {query.q ? <Link href={link({ q: undefined, page: 1 })}>Clear</Link> : null}
        </FilterForm>
        <Table<Grant>
          columns={[
            {
              key: "who",
              header: "Grantee",
              cell: (g) => (
                <div className="space-y-0.5">
                  <Link href={`${base}/${g.id}`} className="font-medium">
                    {g.fullName}
                  </Link>
                  <p>{g.email}</p>
                  <p className="text-zinc-600 dark:text-zinc-400">{g.company}</p>
                </div>
              ),
            },
            { key: "items", header: "Items", cell: (g) => (g.itemTitles ? g.itemTitles.join(", ") : "All NDA items") },
            { key: "nda", header: "NDA", className: "whitespace-nowrap", cell: (g) => (g.ndaVersion ? `v${g.ndaVersion}` : "—") },
            { key: "granted", header: "Granted", className: "whitespace-nowrap", cell: (g) => <DateText value={g.createdAt} /> },
            { key: "ends", header: endsHeader(query.state), className: "whitespace-nowrap", cell: (g) => <DateText value={g.revokedAt ?? g.expiresAt} /> },
            { key: "state", header: "State", cell: (g) => <GrantState state={g.state} /> },
            { key: "downloads", header: "Downloads", cell: (g) => <Link href={`${base}/${g.id}`}>{g.downloads}</Link> },
          ]}
          rows={grants.grants}
          rowKey={(g) => g.id}
          rowTestId={(g) => `grant-${g.email}`}
          empty={query.q ? "No grant matches." : EMPTY[query.state]}
          paging={{ page: grants.page, pageSize: grants.pageSize, total: grants.total, href: (page) => link({ page }) }}
        />
      </Card>
    </AccessHeader>
  );
}

const endsHeader = (state: GrantState) => (state === "revoked" ? "Revoked" : state === "expired" ? "Expired" : "Ends");
