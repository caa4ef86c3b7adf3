import "server-only";

import { randomBytes } from "node:crypto";
import { getDomain, getPublicSuffix } from "tldts";
import * as z from "zod";
import { alertMembers, appUrl } from "@/modules/alerts/server/alerts";
import { recordAudit, type AuditActor } from "@/modules/audit/server/audit";
import { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { inTenant } from "@/server/db/write";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import { normalizeHost } from "@/server/hosts";
import { consume } from "@/server/rate-limit";
import { checkDomain, dnsResolver, type DnsResolver, type DomainCheck } from "./dns";
import { forgetHost } from "./host-lookup";
import { nextDomainState } from "./state";
import { emitEvent } from "@/modules/webhooks/server/emit";

/**
 * Custom domains: claim a host name, prove control by DNS, serve the trust center there.
 *
 * Ownership is a database fact: the first successful check sets `verifiedAt`, and a partial
 * unique index allows one owner per host name. Other organisations may claim the same name
 * (a pending claim owns nothing); one of them takes it over only by passing the check with its
 * own fresh token, and the previous owner is told by email and loses it.
 */
export const MAX_DOMAINS_PER_ORG = 1;


export const addDomainSchema = z.object({
  hostname: z.string({ error: "Enter a host name." }).trim().min(1, "Enter a host name.").max(300, "That host name is too long."),
  mode: z.enum(["CNAME", "PROXY"], { error: "Choose how the domain reaches Candor." }).default("CNAME"),
});

/**
 * A host name a customer may claim, or a field error saying why not: not an IP, not ours, not a
 * public suffix (github.io, co.uk: names many parties share), at least one label below one.
 */
export function claimableHostname(input: string): string {
  const fail = (message: string): never => {
    throw new AppError("validation", "That host name cannot be used.", { fieldErrors: { hostname: [message] } });
  };
  const raw = input.trim().replace(/^https?:\/\//i, "").replace(/\/.*$/, "");
  const host = normalizeHost(raw);
  if (!host || raw.includes(":")) fail("Enter a host name such as trust.example.com, without a port (IP addresses cannot be used).");
  const name = host!;
  const config = env();
  const appHost = new URL(config.APP_URL).hostname;
  const platform = config.PLATFORM_DOMAIN;
  if (name === platform || name.endsWith(`.${platform}`) || name === appHost || name === config.PLATFORM_CNAME_TARGET) {
    fail(`${name} is Candor's own address. Your trust center already answers at your ${platform} address.`);
  }
  const suffix = getPublicSuffix(name, { allowPrivateDomains: true });
  if (!name.includes(".") || suffix === name || !getDomain(name, { allowPrivateDomains: true })) {
    fail(`${name} is a public suffix, shared by many owners. Use a name under your own domain, such as trust.${name.includes(".") ? "example." + name : "example.com"}.`);
  }
  return name;
}

export type DomainView = Awaited<ReturnType<typeof listDomains>>[number];

export async function listDomains({ ctx }: { ctx: OrgContext }) {
  const rows = await inTenant(ctx, (tx) => tx.customDomain.findMany({ where: { orgId: ctx.org.id }, orderBy: { createdAt: "asc" } }), { readOnly: true });
  // Whether someone else owns a pending claim's host name: said, so the admin knows verifying takes it over.
  return Promise.all(rows.map(async (row) => ({ ...row, ownedElsewhere: !row.verifiedAt && (await ownerOf(row.hostname)) !== null })));
}

/** The organisation that owns a host name, if any (a narrow SECURITY DEFINER function: RLS hides other tenants' rows). */
async function ownerOf(hostname: string, client: Pick<Tx, "$queryRaw"> = db) {
  const [row] = await client.$queryRaw<{ owner: string | null }[]>`SELECT candor_domain_owner(${hostname}) AS owner`;
  return row?.owner ?? null;
}

export async function addDomain({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const data = addDomainSchema.parse(input);
  const hostname = claimableHostname(data.hostname);
  const token = randomBytes(20).toString("hex"); // 160 bits
  return inTenant(ctx, async (tx) => {
    // Orders concurrent adds by one organisation, so the per-organisation limit holds.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`domains:${ctx.org.id}`}, 0))`;
    const existing = await tx.customDomain.findMany({ where: { orgId: ctx.org.id }, select: { hostname: true } });
    if (existing.some((d) => d.hostname === hostname)) throw new AppError("conflict", `${hostname} is already added. Verify it below.`);
    if (existing.length >= MAX_DOMAINS_PER_ORG) {
      throw new AppError("conflict", `An organisation can have ${MAX_DOMAINS_PER_ORG} custom domain for now. Remove ${existing[0]!.hostname} first.`);
    }
    const created = await tx.customDomain.create({ data: { orgId: ctx.org.id, hostname, mode: data.mode, token, createdById: ctx.user.id } });
    await recordAudit(tx, ctx, { action: "domain.add", targetType: "domain", targetId: created.id, after: { hostname, mode: data.mode } });
    return { domain: created, ownedElsewhere: (await ownerOf(hostname, tx)) !== null };
  });
}

export async function removeDomain({ ctx, id }: { ctx: OrgContext; id: string }) {
  return inTenant(ctx, async (tx) => {
    const row = await tx.customDomain.findFirst({ where: { id, orgId: ctx.org.id } });
    if (!row) throw new AppError("not_found", "No such domain.");
    await tx.customDomain.deleteMany({ where: { id, orgId: ctx.org.id } });
    await recordAudit(tx, ctx, { action: "domain.remove", targetType: "domain", targetId: id, before: { hostname: row.hostname, status: row.status } });
    return row;
  }).then((row) => {
    forgetHost(row.hostname);
    return row;
  });
}

export async function setDomainMode({ ctx, id, mode }: { ctx: OrgContext; id: string; mode: unknown }) {
  const parsed = z.enum(["CNAME", "PROXY"]).parse(mode);
  return inTenant(ctx, async (tx) => {
    const row = await tx.customDomain.findFirst({ where: { id, orgId: ctx.org.id } });
    if (!row) throw new AppError("not_found", "No such domain.");
    await tx.customDomain.updateMany({ where: { id, orgId: ctx.org.id }, data: { mode: parsed } });
    await recordAudit(tx, ctx, { action: "domain.mode", targetType: "domain", targetId: id, before: { mode: row.mode }, after: { mode: parsed } });
  });
}

/** "Verify now", by an admin: checks DNS and applies the result (a takeover included). */
export async function verifyDomain({ ctx, id, resolver = dnsResolver(), now = new Date() }: { ctx: OrgContext; id: string; resolver?: DnsResolver; now?: Date }) {
  await consume("domain-verify", { points: 20, windowSeconds: 600 }, ctx.org.id, "Too many DNS checks for this organisation. Wait a few minutes and try again.");
  const check = await checkClaim(ctx.org.id, id, resolver);
  if (!check) throw new AppError("not_found", "No such domain.");
  return applyCheck({ orgId: ctx.org.id, id, check, now, actor: ctx });
}

/** The daily job's step for one domain (no person acting). */
export async function recheckDomain({ orgId, id, resolver = dnsResolver(), now = new Date() }: { orgId: string; id: string; resolver?: DnsResolver; now?: Date }) {
  const check = await checkClaim(orgId, id, resolver);
  if (!check) return null;
  return applyCheck({ orgId, id, check, now, actor: { user: null, org: { id: orgId }, request: { ip: null, userAgent: null } } });
}

/** The DNS check of one claim (outside any transaction: lookups can take seconds), or null if there is no such claim. */
async function checkClaim(orgId: string, id: string, resolver: DnsResolver): Promise<DomainCheck | null> {
  const row = await withTenant({ orgId }, (tx) => tx.customDomain.findFirst({ where: { id, orgId }, select: { hostname: true, token: true, mode: true } }), { readOnly: true });
  return row ? checkDomain({ hostname: row.hostname, token: row.token, mode: row.mode, cnameTarget: env().PLATFORM_CNAME_TARGET }, resolver) : null;
}

async function applyCheck({ orgId, id, check, now, actor }: { orgId: string; id: string; check: DomainCheck; now: Date; actor: AuditActor }) {
  try {
    const outcome = await withTenant({ orgId, userId: actor.user?.id ?? null }, async (tx) => {
      const claimed = await tx.customDomain.findFirst({ where: { id, orgId }, select: { hostname: true } });
      if (!claimed) throw new AppError("not_found", "No such domain.");
      // One check at a time per host name, across organisations: a takeover and the previous
      // owner's re-check cannot interleave. Read again under the lock: a takeover that just
      // committed may have ended this claim.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`domain:${claimed.hostname}`}, 0))`;
      const row = await tx.customDomain.findFirst({ where: { id, orgId } });
      if (!row) throw new AppError("not_found", "This domain was just taken over by another organisation that proved control of its DNS.");
      const next = nextDomainState(row, check, now);
      let previousOwner: string | null = null;
      if (check.ok && !row.verifiedAt) {
        const [released] = await tx.$queryRaw<{ org: string | null }[]>`SELECT candor_domain_release(${row.hostname}, ${orgId}::uuid) AS org`;
        previousOwner = released?.org ?? null;
      }
      const updated = await tx.customDomain.update({ where: { id }, data: next.data });
      if (next.data.status !== row.status || previousOwner) {
        await recordAudit(tx, actor, {
          action: check.ok && !row.verifiedAt ? "domain.verify" : `domain.${next.data.status.toLowerCase()}`,
          targetType: "domain",
          targetId: id,
          before: { status: row.status },
          after: { status: next.data.status, ...(check.ok ? {} : { reason: check.reason }), ...(previousOwner ? { takenOver: true } : {}) },
        });
      }
      // Webhooks (ADR 032): a domain that becomes verified (or recovers), or starts failing.
      const changed = next.data.status !== row.status || next.notify !== null;
      if (changed && !(!check.ok && check.transient)) await emitEvent(tx, { orgId, type: check.ok ? "domain.verified" : "domain.failed", data: { domainId: id, hostname: row.hostname, status: next.data.status, ...(check.ok ? {} : { reason: check.reason }) } });
      if (next.notify) await notifyAdmins(tx, orgId, { hostname: row.hostname, kind: next.notify, detail: check.ok ? "" : check.message });
      return { domain: updated, check, previousOwner, event: next.notify };
    });
    forgetHost(outcome.domain.hostname);
    if (outcome.previousOwner) await notifyPreviousOwner(outcome.previousOwner, outcome.domain.hostname);
    return outcome;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", "Another organisation verified this host name at the same moment. Check again to take it over.");
    }
    throw error;
  }
}

async function notifyPreviousOwner(orgId: string, hostname: string) {
  await withTenant({ orgId }, async (tx) => {
    await recordAudit(tx, { user: null, org: { id: orgId }, request: { ip: null, userAgent: null } }, { action: "domain.lost", targetType: "domain", before: { hostname }, after: null });
    await notifyAdmins(tx, orgId, { hostname, kind: "lost", detail: "" });
  });
}

const ALERT_SUBJECT = { failing: "failed its DNS check", suspended: "is suspended", restored: "passes its DNS check again", lost: "was claimed by another organisation" } as const;

/**
 * A DOMAIN_FAILURE alert (ADR 033) to those who manage domains (owners and admins): on email, the
 * domain-alert mail now; on the digest, a line in the next one; off, nothing. Inside its scope.
 */
async function notifyAdmins(tx: Tx, orgId: string, alert: { hostname: string; kind: "failing" | "suspended" | "restored" | "lost"; detail: string }) {
  const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true, slug: true } });
  const link = `/dashboard/${org.slug}/domains`;
  const detail = alert.detail.slice(0, 500);
  await alertMembers(
    tx,
    { orgId, kind: "DOMAIN_FAILURE", subject: `${alert.hostname} ${ALERT_SUBJECT[alert.kind]}`, lines: detail ? [detail] : [], link, ref: alert.hostname },
    { template: "domain-alert", props: { orgName: org.name, hostname: alert.hostname, kind: alert.kind, detail, url: appUrl(link) } },
  );
}

/** The daily re-check: every domain not checked in the last 20 hours, least recently checked first. */
export async function recheckDomains({ resolver = dnsResolver(), now = new Date(), limit = 5_000, concurrency = 8 }: { resolver?: DnsResolver; now?: Date; limit?: number; concurrency?: number } = {}) {
  const due = await db.$queryRaw<{ id: string; orgId: string }[]>`SELECT * FROM candor_domains_due(${new Date(now.getTime() - 20 * 3_600_000)}::timestamptz, ${limit}::int)`;
  const counts = { checked: 0, ok: 0, failed: 0, transient: 0, errors: 0 };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, due.length) }, async () => {
      while (next < due.length) {
        const item = due[next++]!;
        try {
          const outcome = await recheckDomain({ orgId: item.orgId, id: item.id, resolver, now });
          if (!outcome) continue;
          counts.checked += 1;
          if (outcome.check.ok) counts.ok += 1;
          else if (outcome.check.transient) counts.transient += 1;
          else counts.failed += 1;
        } catch {
          counts.errors += 1;
        }
      }
    }),
  );
  return counts;
}
