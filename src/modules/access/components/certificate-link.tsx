/** The organisation's copy of a certificate of NDA acceptance (a PDF download, not a page: a plain link). */
export const certificateHref = (slug: string, acceptanceId: string) => `/dashboard/${slug}/access/acceptances/${acceptanceId}/certificate.pdf`;

export function CertificateLink({ slug, acceptanceId, children = "Certificate (PDF)" }: { slug: string; acceptanceId: string; children?: React.ReactNode }) {
  return (
    <a href={certificateHref(slug, acceptanceId)} download className="text-xs">
      {children}
    </a>
  );
}
