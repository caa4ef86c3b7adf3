import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/content/badges";
import { LocalDate } from "@/components/local-date";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { can } from "@/modules/permissions/permissions";
import { UploadForm } from "@/modules/documents/components/upload-form";
import { formatBytes } from "@/modules/documents/format";
import { listDocuments } from "@/modules/documents/server/documents";
import { MAX_DOCUMENT_BYTES } from "@/modules/documents/server/sniff";
import { uploadErrorMessage } from "@/modules/documents/server/upload";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Documents" };

export default async function DocumentsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const query = await searchParams;
  const documents = await listDocuments({ ctx });
  const canEdit = can(ctx.role, "controls.write");
  const base = `/dashboard/${slug}/documents`;
  const error = uploadErrorMessage(query);
  const categories = [...new Set(documents.map((d) => d.category).filter(Boolean))].sort();

  return (
    <div className="space-y-4">
      <Card>
        <h2 className="text-lg font-semibold">Documents</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Policies, reports and certificates, each with its versions. Every file keeps its SHA-256, checked again on every download.
        </p>
        <div className="mt-3 space-y-2">
          {query.uploaded ? <Alert tone="success">Document uploaded.</Alert> : null}
          {query.deleted ? <Alert tone="success">Document deleted.</Alert> : null}
        </div>

        {documents.length === 0 ? (
          <p className="mt-6 text-sm text-zinc-500">No documents yet.{canEdit ? " Upload the first one below." : ""}</p>
        ) : (
          <div className="mt-4 overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-zinc-500">
                <tr>
                  <th className="py-2 pr-3">Title</th>
                  <th className="py-2 pr-3">Category</th>
                  <th className="py-2 pr-3">Visibility</th>
                  <th className="py-2 pr-3">Version</th>
                  <th className="py-2 pr-3">Effective</th>
                  <th className="py-2 pr-3">Size</th>
                  <th className="py-2 pr-3">Uploaded</th>
                </tr>
              </thead>
              <tbody>
                {documents.map((document) => {
                  const latest = document.latestVersion;
                  return (
                    <tr key={document.id} className="border-t border-zinc-200 align-top dark:border-zinc-800" data-testid="document-row">
                      <td className="py-2 pr-3">
                        <Link href={`${base}/${document.id}`}>{document.title}</Link>
                      </td>
                      <td className="py-2 pr-3">{document.category || "—"}</td>
                      <td className="py-2 pr-3">
                        <Badge value={document.visibility} />
                      </td>
                      <td className="whitespace-nowrap py-2 pr-3" title={`${document.versionCount} ${document.versionCount === 1 ? "version" : "versions"}`}>
                        {latest ? `v${latest.number}` : "—"}
                        {latest?.label ? <span className="ml-1 text-zinc-500">({latest.label})</span> : null}
                      </td>
                      <td className="whitespace-nowrap py-2 pr-3">
                        <LocalDate value={latest?.effectiveDate ?? null} />
                      </td>
                      <td className="whitespace-nowrap py-2 pr-3">{latest ? formatBytes(latest.size) : "—"}</td>
                      <td className="whitespace-nowrap py-2 pr-3">
                        <LocalDate value={latest?.uploadedAt.toISOString() ?? null} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      {canEdit ? (
        <Card>
          <h3 className="font-semibold">Upload a document</h3>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">It becomes version 1; later uploads add versions and keep the earlier ones.</p>
          <div className="mt-4">
            <UploadForm
              action={`${base}/upload`}
              mode="document"
              maxMb={MAX_DOCUMENT_BYTES / (1024 * 1024)}
              error={error}
              values={{ title: query.title, category: query.category, visibility: query.visibility, label: query.label, effectiveDate: query.effectiveDate }}
              categories={categories}
            />
          </div>
        </Card>
      ) : null}
    </div>
  );
}
