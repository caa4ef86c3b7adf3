import type { Metadata } from "next";
import { ControlsScreen } from "@/modules/controls/components/controls-screen";
import { controlQuerySchema } from "@/modules/controls/query";
import { controlSummary, listControls } from "@/modules/controls/server/controls";
import { liveCoverage } from "@/modules/publishing/server/live-coverage";
import { gatePage } from "@/server/gate-page";
import { readTogetherPlain } from "@/server/page-reads";

export const metadata: Metadata = { title: "Controls" };

export default async function ControlsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const raw = await searchParams;
  const query = controlQuerySchema.parse(raw);
  const [list, summary, live] = await readTogetherPlain(ctx, () => Promise.all([listControls({ ctx, query }), controlSummary({ ctx }), liveCoverage({ ctx })]));
  return <ControlsScreen slug={slug} role={ctx.role} query={query} list={list} summary={summary} live={live} deleted={Boolean(raw.deleted)} />;
}
