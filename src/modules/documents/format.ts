/** A file size for people: bytes, KB or MB (powers of 1024, as the upload limit is stated). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The first characters of a SHA-256, enough to tell versions apart at a glance. */
export const shortSha256 = (hex: string) => hex.slice(0, 12);

/** Where one version of a document is downloaded (members only). */
export const versionDownloadPath = (slug: string, documentId: string, number: number) => `/dashboard/${slug}/documents/${documentId}/versions/${number}`;
