import type { Metadata } from "next";
import { can } from "@/modules/permissions/permissions";
import { PublishScreen } from "@/modules/publishing/components/publish-screen";
import { listPublications, previewPublication } from "@/modules/publishing/server/publish";
import { listRequests } from "@/modules/publishing/server/requests";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Publish" };

export default async function PublishPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const [preview, history] = await Promise.all([previewPublication({ ctx }), listPublications({ ctx })]);
  // The requests are read against the draft: a request for an older draft is stale.
  const requests = can(ctx.role, "publish.request") ? await listRequests({ ctx, draft: preview }) : null;
  return <PublishScreen slug={slug} role={ctx.role} preview={preview} history={history} requests={requests} />;
}
