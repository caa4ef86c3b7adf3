import "server-only";

import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import type { CurrentUser } from "@/modules/auth/server/sessions";
import { createOrganizationSchema, organizationSettingsSchema, LOGO_TYPES, MAX_LOGO_BYTES } from "../schema";
import { sniffImageType } from "./sniff";

export async function listOrganizationsForUser(userId: string) {
  const memberships = await db.member.findMany({
    where: { userId },
    orderBy: { org: { name: "asc" } },
    select: { role: true, org: { select: { id: true, slug: true, name: true } } },
  });
  return memberships.map((m) => ({ ...m.org, role: m.role }));
}

/** Creates an organisation; its creator becomes its OWNER. */
export async function createOrganization({ user, input }: { user: CurrentUser; input: unknown }) {
  const data = createOrganizationSchema.parse(input);
  try {
    return await db.$transaction(async (tx) => {
      const org = await tx.organization.create({ data: { name: data.name, slug: data.slug }, select: { id: true, slug: true, name: true } });
      await tx.member.create({ data: { orgId: org.id, userId: user.id, role: "OWNER" } });
      return org;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", "That address is taken.", { fieldErrors: { slug: ["That address is taken. Choose another."] } });
    }
    throw error;
  }
}

export async function getOrganizationSettings({ ctx }: { ctx: OrgContext }) {
  const org = await db.organization.findFirstOrThrow({
    where: { id: ctx.org.id },
    select: { name: true, slug: true, overview: true, brandColor: true, securityContactEmail: true, logoUpdatedAt: true, version: true },
  });
  return org;
}

export type LogoChange = { kind: "keep" } | { kind: "remove" } | { kind: "replace"; bytes: Uint8Array };

/**
 * Saves the settings form. `version` is what the editor loaded: if someone saved in between,
 * this answers 409 instead of silently overwriting their change.
 */
export async function updateOrganizationSettings({ ctx, input, logo }: { ctx: OrgContext; input: unknown; logo: LogoChange }) {
  const data = organizationSettingsSchema.parse(input);
  let logoData: Prisma.OrganizationUpdateManyMutationInput = {};
  if (logo.kind === "remove") logoData = { logoData: null, logoMimeType: null, logoUpdatedAt: null };
  if (logo.kind === "replace") {
    if (logo.bytes.byteLength > MAX_LOGO_BYTES) {
      throw new AppError("validation", "The logo is too large.", { fieldErrors: { logo: [`The logo must be at most ${MAX_LOGO_BYTES / 1024} KB.`] } });
    }
    const type = sniffImageType(logo.bytes);
    if (!type || !(LOGO_TYPES as readonly string[]).includes(type)) {
      throw new AppError("validation", "The logo is not a PNG, JPEG or WebP image.", {
        fieldErrors: { logo: ["Upload a PNG, JPEG or WebP image (checked from the file's contents, not its name)."] },
      });
    }
    logoData = { logoData: Buffer.from(logo.bytes), logoMimeType: type, logoUpdatedAt: new Date() };
  }

  const result = await db.organization.updateMany({
    where: { id: ctx.org.id, version: data.version },
    data: {
      name: data.name,
      overview: data.overview,
      brandColor: data.brandColor ?? null,
      securityContactEmail: data.securityContactEmail ?? null,
      version: { increment: 1 },
      ...logoData,
    },
  });
  if (result.count === 0) {
    throw new AppError("conflict", "Someone else saved these settings while you were editing. Reload the page to see their changes, then edit again.");
  }
  return data.version + 1;
}
