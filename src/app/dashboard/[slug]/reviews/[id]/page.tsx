import type { Metadata } from "next";
import { ReviewScreen, reviewFilterOf } from "@/modules/reviews/components/review-screen";
import { getReview } from "@/modules/reviews/server/reviews";
import { gatePage } from "@/server/gate-page";
import { orNotFound } from "@/server/page-errors";

export const metadata: Metadata = { title: "Security review" };

export default async function ReviewPage({ params, searchParams }: { params: Promise<{ slug: string; id: string }>; searchParams: Promise<{ created?: string; show?: string }> }) {
  const { slug, id } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const review = await orNotFound(getReview({ ctx, id }));
  const query = await searchParams;
  return <ReviewScreen slug={slug} role={ctx.role} review={review} filter={reviewFilterOf(query.show)} created={Boolean(query.created)} />;
}
