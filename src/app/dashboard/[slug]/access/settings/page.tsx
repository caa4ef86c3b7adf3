import type { Metadata } from "next";
import { AccessSettingsScreen } from "@/modules/access/components/settings-screen";
import { getAccessSettings } from "@/modules/access/server/settings";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Access rules and NDA" };

/** Reviewers read the settings, rules and NDA versions; the screen offers changes to owners and admins. */
export default async function AccessSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "access.review" });
  const data = await getAccessSettings({ ctx });
  return <AccessSettingsScreen slug={slug} role={ctx.role} data={data} />;
}
