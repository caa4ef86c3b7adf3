import type { Metadata } from "next";
import { ChangesScreen } from "@/modules/notices/components/changes-screen";
import { changesOverview } from "@/modules/notices/server/changes";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Subprocessor changes" };

export default async function SubprocessorChangesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "objections.review" });
  const { noticeDays, changes } = await changesOverview({ ctx });
  return <ChangesScreen slug={slug} noticeDays={noticeDays} changes={changes} />;
}
