import type { Metadata } from "next";
import { GrantScreen } from "@/modules/access/components/grant-screen";
import { grantDetail } from "@/modules/access/server/dashboard";
import { gatePage } from "@/server/gate-page";
import { orNotFound } from "@/server/page-errors";

export const metadata: Metadata = { title: "Access grant" };

export default async function AccessGrantPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ctx = await gatePage({ slug, action: "access.review" });
  const detail = await orNotFound(grantDetail({ ctx, id }));
  return <GrantScreen slug={slug} role={ctx.role} detail={detail} />;
}
