import type { Metadata } from "next";
import { can } from "@/modules/permissions/permissions";
import { DocumentScreen } from "@/modules/documents/components/documents-screen";
import { getDocument, listDocuments } from "@/modules/documents/server/documents";
import { MAX_DOCUMENT_BYTES } from "@/modules/documents/server/sniff";
import { uploadErrorMessage } from "@/modules/documents/server/upload";
import { gatePage } from "@/server/gate-page";
import { orNotFound } from "@/server/page-errors";

export const metadata: Metadata = { title: "Document" };

export default async function DocumentPage({ params, searchParams }: { params: Promise<{ slug: string; id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { slug, id } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  // The other documents only feed the category suggestions of the editor's form.
  const [document, siblings, query] = await Promise.all([orNotFound(getDocument({ ctx, id })), can(ctx.role, "controls.write") ? listDocuments({ ctx }) : [], searchParams]);
  return <DocumentScreen slug={slug} role={ctx.role} document={document} siblings={siblings} upload={{ maxMb: MAX_DOCUMENT_BYTES / (1024 * 1024), error: uploadErrorMessage(query), query }} />;
}
