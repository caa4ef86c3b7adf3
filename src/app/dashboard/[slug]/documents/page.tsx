import type { Metadata } from "next";
import { DocumentsScreen } from "@/modules/documents/components/documents-screen";
import { listDocuments } from "@/modules/documents/server/documents";
import { MAX_DOCUMENT_BYTES } from "@/modules/documents/server/sniff";
import { uploadErrorMessage } from "@/modules/documents/server/upload";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Documents" };

export default async function DocumentsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const [documents, query] = await Promise.all([listDocuments({ ctx }), searchParams]);
  return <DocumentsScreen slug={slug} role={ctx.role} documents={documents} upload={{ maxMb: MAX_DOCUMENT_BYTES / (1024 * 1024), error: uploadErrorMessage(query), query }} />;
}
