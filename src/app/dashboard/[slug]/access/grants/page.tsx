import type { Metadata } from "next";
import { GrantsScreen } from "@/modules/access/components/grants-screen";
import { grantQuerySchema } from "@/modules/access/query";
import { grantList } from "@/modules/access/server/dashboard";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Access grants" };

export default async function AccessGrantsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "access.review" });
  const query = grantQuerySchema.parse(await searchParams);
  const grants = await grantList({ ctx, query });
  return <GrantsScreen slug={slug} query={query} grants={grants} />;
}
