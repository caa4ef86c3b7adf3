import type { Metadata } from "next";
import { AlertsScreen } from "@/modules/alerts/components/alerts-screen";
import { getAlertSettings } from "@/modules/alerts/server/preferences";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Your alerts" };

/** Every member sets their own alerts for this organisation (ADR 033). */
export default async function AccountAlertsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "alerts.own" });
  const settings = await getAlertSettings({ ctx });
  return <AlertsScreen slug={slug} orgName={ctx.org.name} settings={settings} />;
}
