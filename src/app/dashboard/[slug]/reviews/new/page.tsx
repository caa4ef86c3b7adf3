import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { Card } from "@/components/ui/card";
import { createReviewAction } from "@/modules/reviews/actions";
import { ReviewForm } from "@/modules/reviews/components/review-form";
import { REVIEW_TEMPLATES, templateKeys } from "@/modules/reviews/templates";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "New security review" };

export default async function NewReviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await gatePage({ slug, action: "controls.write" });
  const templates = templateKeys.map((key) => ({ key, name: REVIEW_TEMPLATES[key].name, description: REVIEW_TEMPLATES[key].description, count: REVIEW_TEMPLATES[key].items.length }));
  return (
    <Card className="max-w-3xl">
      <p className="text-sm">
        <Link href={`/dashboard/${slug}/reviews`}>← Security reviews</Link>
      </p>
      <h2 className="mt-2 text-lg font-semibold">New security review</h2>
      <div className="mt-4">
        <ReviewForm action={createReviewAction.bind(null, slug)} values={{ reviewedAt: new Date().toISOString().slice(0, 10), template: templateKeys[0], visibility: "PUBLIC" }} templates={templates} canEdit />
      </div>
    </Card>
  );
}
