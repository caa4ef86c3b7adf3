import type { Metadata } from "next";
import { ControlDomainsScreen } from "@/modules/controls/components/control-domains-screen";
import { controlSummary } from "@/modules/controls/server/controls";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Control domains" };

export default async function ControlDomainsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const { domains } = await controlSummary({ ctx });
  return <ControlDomainsScreen slug={slug} role={ctx.role} domains={domains} />;
}
