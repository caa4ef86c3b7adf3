import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/content/badges";
import { LocalDate } from "@/components/local-date";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { can } from "@/modules/permissions/permissions";
import { ResultCounts } from "@/modules/reviews/components/result-badge";
import { listReviews } from "@/modules/reviews/server/reviews";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Security reviews" };

export default async function ReviewsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ deleted?: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const reviews = await listReviews({ ctx });
  const canEdit = can(ctx.role, "controls.write");
  const base = `/dashboard/${slug}/reviews`;

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
      {(await searchParams).deleted ? (
        <div className="mt-4">
          <Alert tone="success">Review deleted.</Alert>
        </div>
      ) : null}
      {reviews.length === 0 ? (
        <p className="mt-6 text-sm text-zinc-500">No reviews yet.{canEdit ? " Start one from the OWASP ASVS or API Top 10 checklist, or write your own." : ""}</p>
      ) : (
        <div className="mt-4 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-zinc-500">
              <tr>
                <th className="py-2 pr-4">Title</th>
                <th className="py-2 pr-4">Date</th>
                <th className="py-2 pr-4">Checklist</th>
                <th className="py-2 pr-4">Visibility</th>
                <th className="py-2 pr-4">Results</th>
              </tr>
            </thead>
            <tbody>
              {reviews.map((review) => (
                <tr key={review.id} className="border-t border-zinc-200 align-top dark:border-zinc-800" data-testid="review">
                  <td className="py-2 pr-4">
                    <Link href={`${base}/${review.id}`}>{review.title}</Link>
                  </td>
                  <td className="whitespace-nowrap py-2 pr-4">
                    <LocalDate value={review.reviewedAt} />
                  </td>
                  <td className="py-2 pr-4">{review.templateName}</td>
                  <td className="py-2 pr-4">
                    <Badge value={review.visibility} />
                  </td>
                  <td className="py-2 pr-4">
                    <ResultCounts counts={review.counts} />
                    <span className="block text-xs text-zinc-500">{review.counts.total} {review.counts.total === 1 ? "row" : "rows"}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
