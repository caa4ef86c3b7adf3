import type { Metadata } from "next";
import { ControlScreen } from "@/modules/controls/components/control-screen";
import { controlAreaNames, getControl, listMemberEmails } from "@/modules/controls/server/controls";
import { gatePage } from "@/server/gate-page";
import { orNotFound } from "@/server/page-errors";
import { readTogetherPlain } from "@/server/page-reads";

export const metadata: Metadata = { title: "Control" };

export default async function ControlPage({ params, searchParams }: { params: Promise<{ slug: string; id: string }>; searchParams: Promise<{ created?: string }> }) {
  const { slug, id } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const [control, areas, members] = await orNotFound(readTogetherPlain(ctx, () => Promise.all([getControl({ ctx, id }), controlAreaNames({ ctx }), listMemberEmails({ ctx })])));
  return <ControlScreen slug={slug} role={ctx.role} control={control} areas={areas} members={members} created={Boolean((await searchParams).created)} />;
}
