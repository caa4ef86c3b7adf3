import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/action-form";
import { Badge } from "@/components/content/badges";
import { LocalDate } from "@/components/local-date";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { can } from "@/modules/permissions/permissions";
import { deleteDocumentAction, saveDocumentAction } from "@/modules/documents/actions";
import { DocumentForm } from "@/modules/documents/components/document-form";
import { UploadForm } from "@/modules/documents/components/upload-form";
import { formatBytes, shortSha256, versionDownloadPath } from "@/modules/documents/format";
import { getDocument, listDocuments } from "@/modules/documents/server/documents";
import { MAX_DOCUMENT_BYTES } from "@/modules/documents/server/sniff";
import { uploadErrorMessage } from "@/modules/documents/server/upload";
import { AppError } from "@/server/errors";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Document" };

export default async function DocumentPage({ params, searchParams }: { params: Promise<{ slug: string; id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { slug, id } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const document = await getDocument({ ctx, id }).catch((error) => {
    if (error instanceof AppError || (error as Error).name === "ZodError") notFound();
    throw error;
  });
  const query = await searchParams;
  const canEdit = can(ctx.role, "controls.write");
  const categories = canEdit ? [...new Set((await listDocuments({ ctx })).map((d) => d.category).filter(Boolean))].sort() : [];
  const error = uploadErrorMessage(query);
  const base = `/dashboard/${slug}/documents`;

  return (
    <div className="max-w-4xl space-y-4">
      <Card>
        <p className="text-sm">
          <Link href={base}>← Documents</Link>
        </p>
        <h2 className="mt-2 flex flex-wrap items-center gap-2 text-lg font-semibold">
          {document.title} <Badge value={document.visibility} />
        </h2>
        <div className="mt-4">
          <DocumentForm
            action={saveDocumentAction.bind(null, slug, document.id)}
            version={document.version}
            values={{ title: document.title, description: document.description, category: document.category, visibility: document.visibility }}
            categories={categories}
            canEdit={canEdit}
          />
        </div>
      </Card>

      <Card>
        <h3 className="font-semibold">Versions</h3>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Newest first. Each download is checked against the SHA-256 recorded at upload.</p>
        {query.added ? (
          <div className="mt-3">
            <Alert tone="success">Version {query.added.replace(/\D/g, "").slice(0, 10)} uploaded. Earlier versions are kept.</Alert>
          </div>
        ) : null}
        {document.versions.length === 0 ? (
          <p className="mt-3 text-sm text-zinc-500">No versions.</p>
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-zinc-500">
                <tr>
                  <th className="py-2 pr-3">Version</th>
                  <th className="py-2 pr-3">Label</th>
                  <th className="py-2 pr-3">Effective</th>
                  <th className="py-2 pr-3">File</th>
                  <th className="py-2 pr-3">Size</th>
                  <th className="py-2 pr-3">SHA-256</th>
                  <th className="py-2 pr-3">Uploaded</th>
                </tr>
              </thead>
              <tbody>
                {document.versions.map((version) => (
                  <tr key={version.number} className="border-t border-zinc-200 align-top dark:border-zinc-800" data-testid={`version-${version.number}`}>
                    <td className="whitespace-nowrap py-2 pr-3">v{version.number}</td>
                    <td className="py-2 pr-3">{version.label || "—"}</td>
                    <td className="whitespace-nowrap py-2 pr-3">
                      <LocalDate value={version.effectiveDate} />
                    </td>
                    <td className="break-all py-2 pr-3">
                      {/* A plain link, not next/link: a download is not a page to prefetch. */}
                      <a href={versionDownloadPath(slug, document.id, version.number)} aria-label={`Download version ${version.number}: ${version.fileName}`}>
                        {version.fileName}
                      </a>
                    </td>
                    <td className="whitespace-nowrap py-2 pr-3">{formatBytes(version.size)}</td>
                    <td className="py-2 pr-3">
                      <code className="text-xs" title={version.sha256} data-testid="sha256">
                        {shortSha256(version.sha256)}…
                      </code>
                    </td>
                    <td className="whitespace-nowrap py-2 pr-3">
                      <LocalDate value={version.uploadedAt.toISOString()} withTime />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      {canEdit ? (
        <Card>
          <h3 className="font-semibold">Add a new version</h3>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">The new file becomes the current version. Previous versions are kept and stay downloadable here.</p>
          <div className="mt-4">
            <UploadForm
              action={`${base}/${document.id}/versions`}
              mode="version"
              maxMb={MAX_DOCUMENT_BYTES / (1024 * 1024)}
              error={error}
              values={{ label: query.label, effectiveDate: query.effectiveDate }}
            />
          </div>
        </Card>
      ) : null}

      {canEdit ? (
        <Card>
          <h3 className="font-semibold">Delete this document</h3>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">All its versions go with it. The audit log keeps the record, with each file&apos;s name and SHA-256.</p>
          <ActionForm action={deleteDocumentAction.bind(null, slug, document.id)} className="mt-2">
            <input type="hidden" name="version" value={document.version} />
            <SubmitButton variant="danger" pendingLabel="Deleting…">
              Delete document
            </SubmitButton>
          </ActionForm>
        </Card>
      ) : null}
    </div>
  );
}
