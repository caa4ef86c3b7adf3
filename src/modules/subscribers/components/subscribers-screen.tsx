import { FilterForm } from "@/components/ui/filter-form";
import { Link } from "@/components/ui/link";
import { ActionForm } from "@/components/action-form";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/ui/date-text";
import { compactInputClass, FilterField, Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { Table } from "@/components/ui/table";
import { hrefWith } from "@/modules/access/query";
import { can, type Role } from "@/modules/permissions/permissions";
import { removeSubscriberAction, saveDeliveryModesAction } from "../actions";
import { DELIVERY_LABELS, DELIVERY_MODES, MODE_FIELDS, SUBSCRIBER_STATUSES, SUBSCRIBER_TOPICS, TOPIC_LABELS, type SubscriberQuery } from "../schema";
import type { subscriberOverview } from "../server/dashboard";

type Overview = Awaited<ReturnType<typeof subscriberOverview>>;
type Row = Overview["list"]["rows"][number];

const STATUS_LABELS = { PENDING: "Awaiting confirmation", CONFIRMED: "Confirmed", UNSUBSCRIBED: "Unsubscribed" } as const;

/** Subscribers: counts, the searchable list, removal and export (managers), and the delivery mode per topic. */
export function SubscribersScreen({ slug, role, query, data }: { slug: string; role: Role; query: SubscriberQuery; data: Overview }) {
  const manage = can(role, "subscribers.manage");
  return (
    <div className="space-y-6">
      <header>
        <h2 className="text-xl font-semibold">Subscribers</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          People who subscribed on the trust page and confirmed their address. Nobody can be added here: every subscriber asked for it themselves.
        </p>
      </header>
      <Counts data={data} />
      <ListCard slug={slug} query={query} data={data} manage={manage} />
      <ModesCard slug={slug} modes={data.modes} manage={manage} />
    </div>
  );
}

function Counts({ data }: { data: Overview }) {
  return (
    <Card>
      <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-4" data-testid="subscriber-counts">
        {SUBSCRIBER_STATUSES.map((status) => (
          <div key={status}>
            <dt className="text-zinc-500">{STATUS_LABELS[status]}</dt>
            <dd className="text-2xl font-semibold">{data.counts[status]}</dd>
          </div>
        ))}
      </dl>
      <h3 className="mt-4 text-sm font-semibold">Confirmed subscribers by topic</h3>
      <dl className="mt-2 grid grid-cols-2 gap-4 text-sm sm:grid-cols-4" data-testid="topic-counts">
        {SUBSCRIBER_TOPICS.map((topic) => (
          <div key={topic}>
            <dt className="text-zinc-500">{TOPIC_LABELS[topic]}</dt>
            <dd className="text-lg font-semibold">{data.byTopic[topic]}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

function ListCard({ slug, query, data, manage }: { slug: string; query: SubscriberQuery; data: Overview; manage: boolean }) {
  const base = `/dashboard/${slug}/subscribers`;
  const filtered = Boolean(query.q || query.status);
  const columns = [
    { key: "email", header: "Email", cell: (r: Row) => r.email },
    { key: "status", header: "Status", cell: (r: Row) => STATUS_LABELS[r.status] },
    { key: "topics", header: "Topics", cell: (r: Row) => r.topics.map((t) => TOPIC_LABELS[t]).join(", ") },
    { key: "since", header: "Subscribed", className: "whitespace-nowrap", cell: (r: Row) => <DateText value={r.confirmedAt ?? r.createdAt} withTime /> },
    ...(manage
      ? [{ key: "remove", header: "", cell: (r: Row) => (
          <ActionForm action={removeSubscriberAction.bind(null, slug, r.id)}>
            <SubmitButton variant="danger" pendingLabel="Removing…">Remove</SubmitButton>
          </ActionForm>
        ) }]
      : []),
  ];
  return (
    <Card>
      <FilterForm className="flex flex-wrap items-end gap-3 text-sm" action={base}>
        <FilterField label="Email contains">
          <input name="q" type="search" defaultValue={query.q} maxLength={254} className={compactInputClass} />
        </FilterField>
        <FilterField label="Status">
          <Select size="compact" name="status" defaultValue={query.status ?? ""} blank="All" options={SUBSCRIBER_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
        </FilterField>
        <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1.5 dark:border-zinc-700">Search</button>
        {filtered ? <Link href={base}>Clear</Link> : null}
        {manage ? <a href={`${base}/export.csv`} className={`${buttonClass("secondary")} ml-auto`} download>Download CSV</a> : null}
      </FilterForm>
      <Table<Row>
        columns={columns}
        rows={data.list.rows}
        rowKey={(r) => r.id}
        rowTestId={(r) => `subscriber-${r.id}`}
        empty={filtered ? "No subscriber matches." : "Nobody has subscribed yet."}
        paging={{ page: data.list.page, pageSize: data.list.pageSize, total: data.list.total, href: (page) => hrefWith(base, query, { page }) }}
      />
    </Card>
  );
}

function ModesCard({ slug, modes, manage }: { slug: string; modes: Overview["modes"]; manage: boolean }) {
  return (
    <Card>
      <h3 className="font-semibold">Delivery</h3>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">How each topic&apos;s changes are sent: at once, or gathered in a daily or weekly digest. Incidents are always sent at once.</p>
      {manage ? (
        <ActionForm action={saveDeliveryModesAction.bind(null, slug)} className="mt-3 space-y-3 text-sm">
          <input type="hidden" name="version" value={modes.version} />
          {SUBSCRIBER_TOPICS.map((topic) => (
            <label key={topic} className="flex items-center gap-3">
              <span className="w-56 font-medium">{TOPIC_LABELS[topic]}</span>
              <Select name={MODE_FIELDS[topic]} defaultValue={modes[MODE_FIELDS[topic]]} options={DELIVERY_MODES.map((m) => ({ value: m, label: DELIVERY_LABELS[m] }))} />
            </label>
          ))}
          <SubmitButton pendingLabel="Saving…">Save delivery</SubmitButton>
        </ActionForm>
      ) : (
        <dl className="mt-3 grid grid-cols-[14rem_1fr] gap-y-1 text-sm">
          {SUBSCRIBER_TOPICS.map((topic) => [<dt key={`${topic}-t`} className="text-zinc-500">{TOPIC_LABELS[topic]}</dt>, <dd key={`${topic}-d`}>{DELIVERY_LABELS[modes[MODE_FIELDS[topic]]]}</dd>])}
        </dl>
      )}
    </Card>
  );
}
