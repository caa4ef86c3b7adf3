import "server-only";

import * as z from "zod";
import { recordAudit } from "@/modules/audit/server/audit";
import { disclosureSchema } from "@/modules/content/schema";
import { dayStartOrNull } from "@/lib/calendar-day";
import { inTenant } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";

/** security.txt's Expires must be in the future and at most a year ahead (RFC 9116 §2.5.5). */
export const MAX_EXPIRY_DAYS = 365;
export const EXPIRY_WARNING_DAYS = 30;


export async function getDisclosure({ ctx }: { ctx: OrgContext }) {
  return inTenant(ctx, (tx) => tx.disclosurePolicy.findUnique({ where: { orgId: ctx.org.id } }), { readOnly: true });
}

/** Whether the policy's security.txt expiry is missing, past, or within the warning window. */
export function expiryState(expiresAt: Date | null | undefined, now = new Date()): "missing" | "expired" | "soon" | "ok" {
  if (!expiresAt) return "missing";
  const days = (expiresAt.getTime() - now.getTime()) / 86_400_000;
  if (days <= 0) return "expired";
  return days <= EXPIRY_WARNING_DAYS ? "soon" : "ok";
}

/**
 * The stored row for a parsed policy, for the form and the importer alike: dates as timestamps,
 * and a response time only as a number with its unit (a unit without a number says nothing).
 */
export function disclosureRow(data: z.output<typeof disclosureSchema>) {
  const { responseWithin, responseUnit, expiresAt, encryptionUrl, acknowledgmentsUrl, bugBountyUrl, ...rest } = data;
  const response = responseWithin !== undefined && responseUnit !== undefined ? { responseWithin, responseUnit } : { responseWithin: null, responseUnit: null };
  // A field left empty is cleared (null), not skipped: to Prisma, undefined means "leave as is".
  const links = { encryptionUrl: encryptionUrl ?? null, acknowledgmentsUrl: acknowledgmentsUrl ?? null, bugBountyUrl: bugBountyUrl ?? null };
  return { ...rest, ...links, ...response, expiresAt: dayStartOrNull(expiresAt) };
}

const withVersion = z.object({ version: z.coerce.number().int().min(0, "Missing version: reload the page.") });

/** Creates or updates the policy. `version` 0 means "there was none when I loaded the form". */
export async function saveDisclosure({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const { version } = withVersion.parse(input);
  const data = disclosureSchema.parse(input);
  const stored = disclosureRow(data);
  const expiresAt = stored.expiresAt;
  if (expiresAt) {
    const days = (expiresAt.getTime() - Date.now()) / 86_400_000;
    if (days <= 0 || days > MAX_EXPIRY_DAYS + 1) {
      throw new AppError("validation", "Choose an expiry date within the next year.", {
        fieldErrors: { expiresAt: ["security.txt must expire in the future, and at most a year from now (RFC 9116)."] },
      });
    }
  }
  if (data.bugBounty && !data.bugBountyUrl) {
    throw new AppError("validation", "A bug bounty needs its link.", { fieldErrors: { bugBountyUrl: ["Give the programme's https link."] } });
  }
  return inTenant(ctx, async (tx) => {
    const before = await tx.disclosurePolicy.findUnique({ where: { orgId: ctx.org.id } });
    if (!before) {
      if (version !== 0) throw new AppError("conflict", "The policy was removed meanwhile. Reload the page.");
      await tx.disclosurePolicy.create({ data: { ...stored, orgId: ctx.org.id } });
    } else {
      const result = await tx.disclosurePolicy.updateMany({ where: { orgId: ctx.org.id, version }, data: { ...stored, version: { increment: 1 } } });
      if (result.count === 0) throw new AppError("conflict", "Someone else saved the policy while you were editing. Reload to see their version, then make your change again.");
    }
    const { version: _v, updatedAt: _u, orgId: _o, ...beforeFields } = before ?? { version: 0, updatedAt: null, orgId: null };
    await recordAudit(tx, ctx, { action: "disclosure.update", targetType: "disclosure", targetId: ctx.org.id, before: before ? beforeFields : null, after: stored });
    return { version: (before?.version ?? 0) + 1 };
  });
}
