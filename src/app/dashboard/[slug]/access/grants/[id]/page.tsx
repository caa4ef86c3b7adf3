import type { Metadata } from "next";
import { GrantScreen } from "@/modules/access/components/grant-screen";
import { grantDetail } from "@/modules/access/server/dashboard";
import { gatePage } from "@/server/gate-page";
import { orNotFound } from "@/server/page-errors";

export const metadata: Metadata = { title: "Access grant" };

export default async function AccessGrantPage({ params, searchParams }: { params: Promise<{ slug: string; id: string }>; searchParams: Promise<{ revoked?: string }> }) {
  const { slug, id } = await params;
  const { revoked } = await searchParams;
  const ctx = await gatePage({ slug, action: "access.review" });
  const detail = await orNotFound(grantDetail({ ctx, id }));
  return <GrantScreen slug={slug} role={ctx.role} detail={detail} revoked={revoked === "1" && Boolean(detail.grant.revokedAt)} />;
}
