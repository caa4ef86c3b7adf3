import type { Metadata } from "next";
import { WebhookScreen } from "@/modules/webhooks/components/webhook-screen";
import { listDeliveries } from "@/modules/webhooks/server/endpoints";
import { gatePage } from "@/server/gate-page";
import { orNotFound } from "@/server/page-errors";

export const metadata: Metadata = { title: "Webhook endpoint" };

export default async function WebhookPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const ctx = await gatePage({ slug, action: "webhooks.manage" });
  const { endpoint, deliveries } = await orNotFound(listDeliveries({ ctx, endpointId: id }));
  return <WebhookScreen slug={slug} endpoint={endpoint} deliveries={deliveries} />;
}
