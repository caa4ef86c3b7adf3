import "server-only";

import { recordAudit } from "@/modules/audit/server/audit";
import { sha256Hex } from "@/server/crypto";
import type { Tx } from "@/server/db/client";
import { inTenant, versionedUpdate } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import { describeRule, type Rule } from "../rules";
import { publishNdaSchema, saveRulesSchema, settingsSchema } from "../schema";
import { ensureSettings, readSettings } from "./context";
import { ownMailPreference } from "./mail-preference";

/**
 * The organisation's access settings, its ordered rules and its NDA versions: what an owner or
 * admin changes (`access.manage`). Each change is audited in its transaction.
 */

export async function getAccessSettings({ ctx }: { ctx: OrgContext }) {
  return inTenant(ctx, async (tx) => ({
    settings: await readSettings(tx, ctx.org.id),
    rules: await listRulesIn(tx, ctx.org.id),
    ndaVersions: await tx.ndaVersion.findMany({
      where: { orgId: ctx.org.id },
      orderBy: { number: "desc" },
      select: { id: true, number: true, sha256: true, requireReacceptance: true, createdByEmail: true, createdAt: true, markdown: true },
    }),
    /** The reader's own mail about requests (not the organisation's setting). */
    mail: await ownMailPreference(tx, ctx),
  }));
}

export async function saveSettings({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const { version, ...data } = settingsSchema.parse(input);
  return inTenant(ctx, async (tx) => {
    const row = await ensureSettings(tx, ctx.org.id);
    const { before, version: next } = await versionedUpdate(
      { model: tx.accessSettings, key: { id: row.id, orgId: ctx.org.id }, version, missing: "No access settings." },
      { ...data, updatedAt: new Date() },
    );
    const was = { ndaMode: before.ndaMode, ipRecording: before.ipRecording, defaultGrantDays: before.defaultGrantDays, mailCapPerHour: before.mailCapPerHour };
    await recordAudit(tx, ctx, { action: "access.settings.update", targetType: "access_settings", targetId: row.id, before: was, after: data });
    return { version: next };
  });
}

export async function listRulesIn(tx: Tx, orgId: string): Promise<Rule[]> {
  return tx.accessRule.findMany({ where: { orgId }, orderBy: { position: "asc" }, select: { id: true, position: true, match: true, domains: true, decision: true } });
}

/** Replaces the ordered rule list as a whole (the form edits the list, not one rule). */
export async function saveRules({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const { rules, version } = saveRulesSchema.parse(input);
  return inTenant(ctx, async (tx) => {
    const row = await ensureSettings(tx, ctx.org.id);
    const bumped = await tx.accessSettings.updateMany({ where: { id: row.id, orgId: ctx.org.id, rulesVersion: version }, data: { rulesVersion: { increment: 1 } } });
    if (bumped.count === 0) throw new AppError("conflict", "Someone else changed the rules while you were editing. Reload to see their version, then make your change again.");
    const before = await listRulesIn(tx, ctx.org.id);
    await tx.accessRule.deleteMany({ where: { orgId: ctx.org.id } });
    const data = rules.map((rule, index) => ({ orgId: ctx.org.id, position: index + 1, match: rule.match, domains: rule.match === "DOMAINS" ? [...new Set(rule.domains)] : [], decision: rule.decision }));
    if (data.length > 0) await tx.accessRule.createMany({ data });
    await recordAudit(tx, ctx, {
      action: "access.rules.update",
      targetType: "access_rules",
      targetId: row.id,
      before: { rules: before.map((rule) => describeRule(rule)) },
      after: { rules: data.map((rule) => describeRule(rule)) },
    });
    return { rulesVersion: version + 1, count: data.length };
  });
}

/** Publishes new NDA text as the next version; versions are immutable (a trigger says so too). */
export async function publishNdaVersion({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const { markdown, requireReacceptance } = publishNdaSchema.parse(input);
  return inTenant(ctx, async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`access-nda:${ctx.org.id}`}, 0))`;
    const last = await tx.ndaVersion.findFirst({ where: { orgId: ctx.org.id }, orderBy: { number: "desc" }, select: { number: true, sha256: true } });
    const sha256 = sha256Hex(markdown);
    if (last?.sha256 === sha256) throw new AppError("conflict", `This text is already version ${last.number}.`);
    const version = await tx.ndaVersion.create({
      data: { orgId: ctx.org.id, number: (last?.number ?? 0) + 1, markdown, sha256, requireReacceptance, createdById: ctx.user.id, createdByEmail: ctx.user.email },
      select: { id: true, number: true, sha256: true, requireReacceptance: true },
    });
    await recordAudit(tx, ctx, { action: "access.nda.publish", targetType: "nda_version", targetId: version.id, after: { number: version.number, sha256, requireReacceptance } });
    return version;
  });
}

/** The version a new request is shown: the latest. */
export function currentNdaVersion(tx: Tx, orgId: string) {
  return tx.ndaVersion.findFirst({ where: { orgId }, orderBy: { number: "desc" }, select: { id: true, number: true, sha256: true, markdown: true } });
}
