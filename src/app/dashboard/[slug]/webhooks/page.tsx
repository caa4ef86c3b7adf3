import type { Metadata } from "next";
import { WebhooksScreen } from "@/modules/webhooks/components/webhooks-screen";
import { listEndpoints } from "@/modules/webhooks/server/endpoints";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "webhooks.manage" });
  const endpoints = await listEndpoints({ ctx });
  return <WebhooksScreen slug={slug} endpoints={endpoints} deleted={(await searchParams).deleted === "1"} />;
}
