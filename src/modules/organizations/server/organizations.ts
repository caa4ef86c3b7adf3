import "server-only";

import { randomUUID } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import { dayStart } from "@/lib/calendar-day";
import { recordAudit } from "@/modules/audit/server/audit";
import type { CurrentUser } from "@/modules/auth/server/sessions";
import { withTenant } from "@/server/db/tenant";
import { AppError } from "@/server/errors";
import type { OrgContext, RequestInfo } from "@/server/gate";
import { memberships } from "@/server/memberships";
import { createOrganizationSchema, organizationSettingsSchema, LOGO_TYPES, MAX_LOGO_BYTES } from "../schema";
import { sniffImageType } from "./sniff";

export async function listOrganizationsForUser(userId: string) {
  return (await memberships(userId)).map(({ role, org }) => ({ id: org.id, slug: org.slug, name: org.name, role }));
}

/** Creates an organisation; its creator becomes its OWNER. */
export async function createOrganization({ user, input, request }: { user: CurrentUser; input: unknown; request?: RequestInfo }) {
  const data = createOrganizationSchema.parse(input);
  const id = randomUUID();
  try {
    return await withTenant({ orgId: id, userId: user.id }, async (tx) => {
      const org = await tx.organization.create({ data: { id, name: data.name, slug: data.slug }, select: { id: true, slug: true, name: true } });
      await tx.member.create({ data: { orgId: org.id, userId: user.id, role: "OWNER" } });
      const actor = { user, org, request: request ?? { ip: null, userAgent: null } };
      await recordAudit(tx, actor, { action: "org.create", targetType: "organization", targetId: org.id, after: { name: org.name, slug: org.slug } });
      await recordAudit(tx, actor, { action: "members.add", targetType: "member", targetId: user.id, after: { email: user.email, role: "OWNER" } });
      return org;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", "That address is taken.", { fieldErrors: { slug: ["That address is taken. Choose another."] } });
    }
    throw error;
  }
}

const SETTINGS = { name: true, slug: true, overview: true, brandColor: true, securityContactEmail: true, logoUpdatedAt: true, requireMfa: true, requirePublishApproval: true, subprocessorNoticeDays: true, pageVersion: true, pageEffectiveDate: true, language: true, version: true } as const;

export async function getOrganizationSettings({ ctx }: { ctx: OrgContext }) {
  return withTenant({ orgId: ctx.org.id, userId: ctx.user.id }, (tx) => tx.organization.findUniqueOrThrow({ where: { id: ctx.org.id }, select: SETTINGS }));
}

export type LogoChange = { kind: "keep" } | { kind: "remove" } | { kind: "replace"; bytes: Uint8Array };

/**
 * Saves the settings form. `version` is what the editor loaded: if someone saved in between,
 * this answers 409 instead of silently overwriting their change. Returns the new version.
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

  if (data.requireMfa && !ctx.mfaEnabled) {
    throw new AppError("validation", "Set up your own second factor first.", {
      fieldErrors: { requireMfa: ["Set up your own authenticator app first (Your account → Security), or you would lock yourself out."] },
    });
  }
  return withTenant({ orgId: ctx.org.id, userId: ctx.user.id }, async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: ctx.org.id }, select: SETTINGS });
    const changes = {
      name: data.name,
      overview: data.overview,
      brandColor: data.brandColor ?? null,
      securityContactEmail: data.securityContactEmail ?? null,
      ...(data.requireMfa === undefined ? {} : { requireMfa: data.requireMfa }),
      ...(data.requirePublishApproval === undefined ? {} : { requirePublishApproval: data.requirePublishApproval }),
      ...(data.subprocessorNoticeDays === undefined ? {} : { subprocessorNoticeDays: data.subprocessorNoticeDays }),
      ...(data.pageVersion === undefined ? {} : { pageVersion: data.pageVersion }),
      ...(data.pageEffectiveDate === undefined ? {} : { pageEffectiveDate: data.pageEffectiveDate === null ? null : dayStart(data.pageEffectiveDate) }),
      ...(data.language === undefined ? {} : { language: data.language }),
    };
    const result = await tx.organization.updateMany({
      where: { id: ctx.org.id, version: data.version },
      data: { ...changes, version: { increment: 1 }, ...logoData },
    });
    if (result.count === 0) {
      throw new AppError("conflict", "Someone else saved these settings while you were editing. Reload the page to see their changes, then edit again.");
    }
    const { logoUpdatedAt: _before, version: _v, slug: _s, ...beforeFields } = before;
    await recordAudit(tx, ctx, {
      action: "org.settings.update",
      targetType: "organization",
      targetId: ctx.org.id,
      before: { ...beforeFields, ...(logo.kind === "keep" ? {} : { logo: before.logoUpdatedAt ? "set" : null }) },
      after: { ...beforeFields, ...changes, ...(logo.kind === "keep" ? {} : { logo: logo.kind === "replace" ? "replaced" : null }) },
    });
    return data.version + 1;
  });
}

export async function getDraftLogo({ ctx }: { ctx: OrgContext }) {
  const org = await withTenant({ orgId: ctx.org.id, userId: ctx.user.id }, (tx) => tx.organization.findUniqueOrThrow({ where: { id: ctx.org.id }, select: { logoData: true, logoMimeType: true } }), { readOnly: true });
  return org.logoData && org.logoMimeType ? { bytes: org.logoData, mimeType: org.logoMimeType } : null;
}
