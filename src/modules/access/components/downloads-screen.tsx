import { FilterForm } from "@/components/ui/filter-form";
import { Link } from "@/components/ui/link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/ui/date-text";
import { compactInputClass, FilterField, Select } from "@/components/ui/select";
import { Table } from "@/components/ui/table";
import { hrefWith, type DownloadQuery } from "../query";
import type { downloadedDocuments } from "../server/dashboard";
import type { listDownloads } from "../server/downloads";
import { AccessHeader } from "./access-nav";

type Log = Awaited<ReturnType<typeof listDownloads>>;
type Download = Log["downloads"][number];
type Documents = Awaited<ReturnType<typeof downloadedDocuments>>;

/** The download log: who downloaded which document and version, when, from where, with which watermark. */
export function DownloadsScreen({ slug, query, log, documents }: { slug: string; query: DownloadQuery; log: Log; documents: Documents }) {
  const base = `/dashboard/${slug}/access/downloads`;
  const link = (changes: Partial<DownloadQuery>) => hrefWith(base, query, changes);
  const filtered = Boolean(query.email || query.document || query.grant || query.from || query.to);
  const csv = hrefWith(`/dashboard/${slug}/access/downloads.csv`, { ...query, page: 1 }, {});
  return (
    <AccessHeader slug={slug} current="downloads">
      <Card>
        <FilterForm className="flex flex-wrap items-end gap-3 text-sm" action={base}>
          {query.grant ? <input type="hidden" name="grant" value={query.grant} /> : null}
          <FilterField label="Grantee email">
            <input name="email" type="email" defaultValue={query.email} maxLength={254} className={compactInputClass} />
          </FilterField>
          <FilterField label="Document">
            <Select size="compact" name="document" defaultValue={query.document ?? ""} blank="All" options={documents.map((d) => ({ value: d.id, label: d.title }))} />
          </FilterField>
          <FilterField label="From">
            <input name="from" type="date" defaultValue={query.from} className={compactInputClass} />
          </FilterField>
          <FilterField label="To (inclusive)">
            <input name="to" type="date" defaultValue={query.to} className={compactInputClass} />
          </FilterField>
          <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1.5 dark:border-zinc-700">
            Filter
          </button>
          {filtered ? <Link href={base}>Clear</Link> : null}
          <a href={csv} className={`${buttonClass("secondary")} ml-auto`} download>
            Download CSV
          </a>
        </FilterForm>
        {query.grant ? (
          <p className="mt-3 text-sm">
            One grant only. <Link href={`/dashboard/${slug}/access/grants/${query.grant}`}>Open the grant</Link>
          </p>
        ) : null}
        <Table<Download>
          columns={[
            { key: "at", header: "When (UTC)", className: "whitespace-nowrap", cell: (d) => <DateText value={d.at} withTime="seconds" utc /> },
            { key: "who", header: "Grantee", cell: (d) => <Link href={`/dashboard/${slug}/access/grants/${d.grantId}`}>{d.email}</Link> },
            { key: "document", header: "Document", cell: (d) => d.documentTitle },
            { key: "ip", header: "IP", className: "font-mono text-xs", cell: (d) => d.ipAddress ?? "not recorded" },
            { key: "agent", header: "Browser", className: "max-w-48 truncate text-xs", cell: (d) => d.userAgent ?? "—" },
            { key: "watermark", header: "Watermark", className: "font-mono text-xs", cell: (d) => d.watermarkId },
            { key: "sha", header: "SHA-256 served", className: "font-mono text-xs break-all", cell: (d) => d.sha256 },
          ]}
          rows={log.downloads}
          rowKey={(d) => d.id}
          rowTestId={(d) => `download-${d.id}`}
          empty={filtered ? "No download matches." : "Nothing has been downloaded yet."}
          paging={{ page: log.page, pageSize: log.pageSize, total: log.total, href: (page) => link({ page }) }}
        />
      </Card>
    </AccessHeader>
  );
}
