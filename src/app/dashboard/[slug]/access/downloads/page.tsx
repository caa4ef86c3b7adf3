import type { Metadata } from "next";
import { DownloadsScreen } from "@/modules/access/components/downloads-screen";
import { downloadFilter, downloadQuerySchema } from "@/modules/access/query";
import { downloadedDocuments } from "@/modules/access/server/dashboard";
import { listDownloads } from "@/modules/access/server/downloads";
import { gatePage } from "@/server/gate-page";
import { readTogether } from "@/server/page-reads";

export const metadata: Metadata = { title: "Download log" };

export default async function AccessDownloadsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "access.review" });
  const query = downloadQuerySchema.parse(await searchParams);
  const [log, documents] = await readTogether(ctx, () => Promise.all([listDownloads({ ctx, input: downloadFilter(query) }), downloadedDocuments({ ctx })]));
  return <DownloadsScreen slug={slug} query={query} log={log} documents={documents} />;
}
