import { Link } from "@/components/ui/link";
import { Badge } from "@/components/content/badges";
import { DeleteCard } from "@/components/delete-card";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/ui/date-text";
import { FileSize } from "@/components/ui/file-size";
import { Table, type Column } from "@/components/ui/table";
import { can, type Role } from "@/modules/permissions/permissions";
import { deleteDocumentAction, saveDocumentAction } from "@/modules/documents/actions";
import { DocumentForm } from "@/modules/documents/components/document-form";
import { UploadForm } from "@/modules/documents/components/upload-form";
import { shortSha256, versionDownloadPath } from "@/modules/documents/format";
import type { getDocument, listDocuments } from "@/modules/documents/server/documents";
import type { uploadErrorMessage } from "@/modules/documents/server/upload";

type DocumentRow = Awaited<ReturnType<typeof listDocuments>>[number];
type Document = Awaited<ReturnType<typeof getDocument>>;
type Version = Document["versions"][number];
type Query = Record<string, string | undefined>;

/** The upload form's inputs: the size limit in MB, the error and values sent back in the URL. */
type UploadProps = { maxMb: number; error: ReturnType<typeof uploadErrorMessage>; query: Query };

const categoriesOf = (documents: readonly DocumentRow[]) => [...new Set(documents.map((d) => d.category).filter(Boolean))].sort();

/** The documents list, and (for editors) the upload of a new document. */
export function DocumentsScreen({ slug, role, documents, upload }: { slug: string; role: Role; documents: DocumentRow[]; upload: UploadProps }) {
  const canEdit = can(role, "controls.write");
  const base = `/dashboard/${slug}/documents`;
  const { query } = upload;
  const columns: Column<DocumentRow>[] = [
    { key: "title", header: "Title", cell: (d) => <Link href={`${base}/${d.id}`}>{d.title}</Link> },
    { key: "category", header: "Category", cell: (d) => d.category || "—" },
    { key: "visibility", header: "Visibility", cell: (d) => <Badge value={d.visibility} /> },
    {
      key: "version",
      header: "Version",
      className: "whitespace-nowrap",
      cell: (d) => (
        <span title={`${d.versionCount} ${d.versionCount === 1 ? "version" : "versions"}`}>
          {d.latestVersion ? `v${d.latestVersion.number}` : "—"}
          {d.latestVersion?.label ? <span className="ml-1 text-zinc-500">({d.latestVersion.label})</span> : null}
        </span>
      ),
    },
    { key: "effective", header: "Effective", className: "whitespace-nowrap", cell: (d) => <DateText value={d.latestVersion?.effectiveDate} /> },
    { key: "size", header: "Size", className: "whitespace-nowrap", cell: (d) => <FileSize bytes={d.latestVersion?.size} /> },
    { key: "uploaded", header: "Uploaded", className: "whitespace-nowrap", cell: (d) => <DateText value={d.latestVersion?.uploadedAt} /> },
  ];
  return (
    <div className="space-y-4">
      <Card>
        <h2 className="text-lg font-semibold">Documents</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Policies, reports and certificates, each with its versions. Every file keeps its SHA-256, checked again on every download.</p>
        <div className="mt-3 space-y-2">
          {query.uploaded ? <Alert tone="success">Document uploaded.</Alert> : null}
          {query.deleted ? <Alert tone="success">Document deleted.</Alert> : null}
        </div>
        <Table columns={columns} rows={documents} rowKey={(d) => d.id} rowTestId={() => "document-row"} empty={`No documents yet.${canEdit ? " Upload the first one below." : ""}`} />
      </Card>
      {canEdit ? (
        <Card>
          <h3 className="font-semibold">Upload a document</h3>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">It becomes version 1; later uploads add versions and keep the earlier ones.</p>
          <div className="mt-4">
            <UploadForm
              action={`${base}/upload`}
              mode="document"
              maxMb={upload.maxMb}
              error={upload.error}
              values={{ title: query.title, category: query.category, visibility: query.visibility, label: query.label, effectiveDate: query.effectiveDate }}
              categories={categoriesOf(documents)}
            />
          </div>
        </Card>
      ) : null}
    </div>
  );
}

/** One document: its details form, its versions, a new version, deleting it. */
export function DocumentScreen({ slug, role, document, siblings, upload }: { slug: string; role: Role; document: Document; siblings: readonly DocumentRow[]; upload: UploadProps }) {
  const canEdit = can(role, "controls.write");
  const base = `/dashboard/${slug}/documents`;
  const { query } = upload;
  return (
    <div className="max-w-5xl space-y-4">
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
            categories={canEdit ? categoriesOf(siblings) : []}
            canEdit={canEdit}
          />
        </div>
      </Card>
      <VersionsCard slug={slug} document={document} added={query.added} />
      {canEdit ? (
        <Card>
          <h3 className="font-semibold">Add a new version</h3>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">The new file becomes the current version. Previous versions are kept and stay downloadable here.</p>
          <div className="mt-4">
            <UploadForm action={`${base}/${document.id}/versions`} mode="version" maxMb={upload.maxMb} error={upload.error} values={{ label: query.label, effectiveDate: query.effectiveDate }} />
          </div>
        </Card>
      ) : null}
      {canEdit ? (
        <DeleteCard title="Delete this document" note="All its versions go with it. The audit log keeps the record, with each file's name and SHA-256." action={deleteDocumentAction.bind(null, slug, document.id)} version={document.version} label="Delete document" />
      ) : null}
    </div>
  );
}

function VersionsCard({ slug, document, added }: { slug: string; document: Document; added: string | undefined }) {
  const columns: Column<Version>[] = [
    { key: "version", header: "Version", className: "whitespace-nowrap", cell: (v) => `v${v.number}` },
    { key: "label", header: "Label", cell: (v) => v.label || "—" },
    { key: "effective", header: "Effective", className: "whitespace-nowrap", cell: (v) => <DateText value={v.effectiveDate} /> },
    {
      key: "file",
      header: "File",
      className: "break-all",
      // A plain link, not next/link: a download is not a page to prefetch.
      cell: (v) => (
        <a href={versionDownloadPath(slug, document.id, v.number)} aria-label={`Download version ${v.number}: ${v.fileName}`}>
          {v.fileName}
        </a>
      ),
    },
    { key: "size", header: "Size", className: "whitespace-nowrap", cell: (v) => <FileSize bytes={v.size} /> },
    {
      key: "sha256",
      header: "SHA-256",
      cell: (v) => (
        <code className="text-xs" title={v.sha256} data-testid="sha256">
          {shortSha256(v.sha256)}…
        </code>
      ),
    },
    { key: "uploaded", header: "Uploaded", className: "whitespace-nowrap", cell: (v) => <DateText value={v.uploadedAt} withTime /> },
  ];
  return (
    <Card>
      <h3 className="font-semibold">Versions</h3>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Newest first. Each download is checked against the SHA-256 recorded at upload.</p>
      {added ? (
        <div className="mt-3">
          <Alert tone="success">Version {added.replace(/\D/g, "").slice(0, 10)} uploaded. Earlier versions are kept.</Alert>
        </div>
      ) : null}
      <Table className="mt-3" columns={columns} rows={document.versions} rowKey={(v) => v.number} rowTestId={(v) => `version-${v.number}`} empty="No versions." />
    </Card>
  );
}
