import "server-only";

import * as z from "zod";
import { db } from "@/server/db/client";

/**
 * What the public page may show of an organisation, parsed by its own schema so that a new
 * column cannot reach the page by accident. (Publications replace this draft read later:
 * DESIGN.md invariant 4.)
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
  const org = await db.organization.findUnique({
    where: { slug },
    select: { slug: true, name: true, overview: true, brandColor: true, securityContactEmail: true, logoUpdatedAt: true },
  });
  if (!org) return null;
  return publicOrganizationSchema.parse({ ...org, logoVersion: org.logoUpdatedAt?.getTime() ?? null });
}

export async function getPublicLogo(slug: string) {
  const org = await db.organization.findUnique({ where: { slug }, select: { logoData: true, logoMimeType: true, logoUpdatedAt: true } });
  if (!org?.logoData || !org.logoMimeType) return null;
  return { bytes: org.logoData, mimeType: org.logoMimeType, updatedAt: org.logoUpdatedAt };
}
