import type { Metadata } from "next";
import { RequestsScreen } from "@/modules/access/components/requests-screen";
import { requestQuerySchema } from "@/modules/access/query";
import { requestQueue } from "@/modules/access/server/dashboard";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Access requests" };

export default async function AccessRequestsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "access.review" });
  const query = requestQuerySchema.parse(await searchParams);
  const queue = await requestQueue({ ctx, query });
  return <RequestsScreen slug={slug} role={ctx.role} query={query} queue={queue} />;
}
