/** The first characters of a SHA-256, enough to tell versions apart at a glance. */
export const shortSha256 = (hex: string) => hex.slice(0, 12);

/** Where one version of a document is downloaded (members only). */
export const versionDownloadPath = (slug: string, documentId: string, number: number) => `/dashboard/${slug}/documents/${documentId}/versions/${number}`;
