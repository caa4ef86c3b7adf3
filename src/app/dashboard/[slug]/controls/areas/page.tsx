import type { Metadata } from "next";
import { ControlAreasScreen } from "@/modules/controls/components/control-areas-screen";
import { controlSummary } from "@/modules/controls/server/controls";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Control areas" };

export default async function ControlAreasPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const { areas } = await controlSummary({ ctx });
  return <ControlAreasScreen slug={slug} role={ctx.role} areas={areas} />;
}
