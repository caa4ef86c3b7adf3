import "server-only";

import * as z from "zod";
import { withPublicTenant } from "@/server/db/tenant";

/**
 * What the public page may show of an organisation, parsed by its own schema so that a new
 * column cannot reach the page by accident. Read through the public path only (a slug resolved
 * by a narrow database function, then a read-only transaction in that tenant's scope).
 * (Publications replace this draft read later: DESIGN.md invariant 4.)
 */
export const publicOrganizationSchema = z.object({
  slug: z.string(),
  name: z.string(),
  overview: z.string(),
  brandColor: z.string().nullable(),
  securityContactEmail: z.string().nullable(),
  logoVersion: z.number().nullable(),
});
export type PublicOrganization = z.infer<typeof publicOrganizationSchema>;

export async function getPublicOrganization(slug: string): Promise<PublicOrganization | null> {
  return withPublicTenant(slug, async (tx, orgId) => {
    const org = await tx.organization.findUniqueOrThrow({
      where: { id: orgId },
      select: { slug: true, name: true, overview: true, brandColor: true, securityContactEmail: true, logoUpdatedAt: true },
    });
    return publicOrganizationSchema.parse({ ...org, logoVersion: org.logoUpdatedAt?.getTime() ?? null });
  });
}

export async function getPublicLogo(slug: string) {
  return withPublicTenant(slug, async (tx, orgId) => {
    const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { logoData: true, logoMimeType: true, logoUpdatedAt: true } });
    if (!org.logoData || !org.logoMimeType) return null;
    return { bytes: org.logoData, mimeType: org.logoMimeType, updatedAt: org.logoUpdatedAt };
  });
}
