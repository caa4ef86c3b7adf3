import type { Metadata } from "next";
import { ReviewsScreen } from "@/modules/reviews/components/reviews-screen";
import { listReviews } from "@/modules/reviews/server/reviews";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Security reviews" };

export default async function ReviewsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ deleted?: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const [reviews, query] = await Promise.all([listReviews({ ctx }), searchParams]);
  return <ReviewsScreen slug={slug} role={ctx.role} reviews={reviews} deleted={Boolean(query.deleted)} />;
}
