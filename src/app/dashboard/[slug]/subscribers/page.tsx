import type { Metadata } from "next";
import { SubscribersScreen } from "@/modules/subscribers/components/subscribers-screen";
import { subscriberQuerySchema } from "@/modules/subscribers/schema";
import { subscriberOverview } from "@/modules/subscribers/server/dashboard";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Subscribers" };

export default async function SubscribersPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "subscribers.read" });
  const query = subscriberQuerySchema.parse(await searchParams);
  const data = await subscriberOverview({ ctx, query });
  return <SubscribersScreen slug={slug} role={ctx.role} query={query} data={data} />;
}
