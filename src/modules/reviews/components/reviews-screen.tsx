import { Link } from "@/components/ui/link";
import { Badge } from "@/components/content/badges";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/ui/date-text";
import { Table, type Column } from "@/components/ui/table";
import { can, type Role } from "@/modules/permissions/permissions";
import { ResultCounts } from "@/modules/reviews/components/result-badge";
import type { listReviews } from "@/modules/reviews/server/reviews";

type Row = Awaited<ReturnType<typeof listReviews>>[number];

/** The security reviews, newest first, with their results. */
export function ReviewsScreen({ slug, role, reviews, deleted }: { slug: string; role: Role; reviews: Row[]; deleted: boolean }) {
  const canEdit = can(role, "controls.write");
  const base = `/dashboard/${slug}/reviews`;
  const columns: Column<Row>[] = [
    { key: "title", header: "Title", cell: (r) => <Link href={`${base}/${r.id}`}>{r.title}</Link> },
    { key: "date", header: "Date", className: "whitespace-nowrap", cell: (r) => <DateText value={r.reviewedAt} /> },
    { key: "checklist", header: "Checklist", cell: (r) => r.templateName },
    { key: "visibility", header: "Visibility", cell: (r) => <Badge value={r.visibility} /> },
    {
      key: "results",
      header: "Results",
      cell: (r) => (
        <>
          <ResultCounts counts={r.counts} />
          <span className="block text-xs text-zinc-500">{r.counts.total} {r.counts.total === 1 ? "row" : "rows"}</span>
        </>
      ),
    },
  ];
  return (
    <Card>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h2 className="text-lg font-semibold">Security reviews</h2>
          <p className="mt-1 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
            Dated reviews against a checklist: a pass, partial or fail call on every row, evidenced by file paths and tests, with each finding remediated in a linked fix or accepted as residual risk with its rationale.
          </p>
        </div>
        {canEdit ? (
          <Link href={`${base}/new`} className={buttonClass()}>
            New review
          </Link>
        ) : null}
      </div>
      {deleted ? (
        <div className="mt-4">
          <Alert tone="success">Review deleted.</Alert>
        </div>
      ) : null}
      <Table columns={columns} rows={reviews} rowKey={(r) => r.id} rowTestId={() => "review"} empty={`No reviews yet.${canEdit ? " Start one from the OWASP ASVS or API Top 10 checklist, or write your own." : ""}`} />
    </Card>
  );
}
