import { publicAccessContext, type PublicAccessContext } from "@/modules/access/server/context";
import { submitAccessRequest } from "@/modules/access/server/requests";
import { saveRules, saveSettings } from "@/modules/access/server/settings";
import { createDocument } from "@/modules/documents/server/documents";
import type { Action } from "@/modules/permissions/permissions";
import { publish } from "@/modules/publishing/server/publish";
import type { CurrentUser } from "@/modules/auth/server/sessions";
import { withTenant } from "@/server/db/tenant";
import { authorize } from "@/server/gate";
import { actorFor, addMember, createOrg } from "./factories";

const PDF = new TextEncoder().encode("%PDF-1.7\n% candor test\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

/**
 * An organisation with two NDA documents, published, a member of each role (contexts through the
 * gate) and the public context of one of its tenant hosts.
 */
export async function accessWorld(name: string, rules: unknown[] = [{ match: "DOMAINS", domains: ["prospect.example"], decision: "APPROVE" }]) {
  const { org, owner } = await createOrg(undefined, name);
  const people = { owner, admin: await addMember(org.id, "ADMIN"), editor: await addMember(org.id, "EDITOR"), viewer: await addMember(org.id, "VIEWER") };
  const as = (user: CurrentUser, action: Action) => authorize({ actor: actorFor(user), slug: org.slug, action, request: { ip: "203.0.113.7", userAgent: "vitest" } });
  const writer = await as(owner, "controls.write");
  const docA = await createDocument({ ctx: writer, input: { title: "Pen test 2026", visibility: "NDA" }, file: { name: "pentest.pdf", bytes: PDF } });
  const docB = await createDocument({ ctx: writer, input: { title: "SOC 2 report", visibility: "NDA" }, file: { name: "soc2.pdf", bytes: PDF } });
  await publish({ ctx: await as(owner, "publish") });
  const manager = await as(owner, "access.manage");
  await saveRules({ ctx: manager, input: { version: 1, rules } });
  const host = `${org.slug}.trust.test`;
  const pub = await publicCtx(org.slug, host);
  return { org, ...people, as, host, pub, docA: docA.id, docB: docB.id, manager };
}

export async function publicCtx(slug: string, host: string, ip = "198.51.100.23"): Promise<PublicAccessContext> {
  const ctx = await publicAccessContext({ slug, host, request: { ip, userAgent: "Mozilla/5.0 (prospect)" } });
  if (!ctx) throw new Error(`no organisation ${slug}`);
  return ctx;
}

export function requestInput(email: string, extra: Record<string, unknown> = {}) {
  return { email, fullName: "Pat Buyer", company: "Prospect Inc", reason: "Vendor review", ...extra };
}

export async function submit(ctx: PublicAccessContext, email: string, extra: Record<string, unknown> = {}) {
  return submitAccessRequest({ ctx, input: requestInput(email, extra) });
}

export async function setSettings(world: { manager: Awaited<ReturnType<typeof authorize>>; org: { id: string } }, settings: Record<string, unknown>) {
  const current = await withTenant({ orgId: world.org.id }, (tx) => tx.accessSettings.findFirst({ where: { orgId: world.org.id }, select: { version: true } }));
  return saveSettings({ ctx: world.manager, input: { ndaMode: "NONE", ipRecording: "TRUNCATED", defaultGrantDays: 90, mailCapPerHour: 200, version: current?.version ?? 1, ...settings } });
}

export const requestRow = (orgId: string, id: string) => withTenant({ orgId }, (tx) => tx.accessRequest.findFirstOrThrow({ where: { id } }));
export const grantRow = (orgId: string, id: string) => withTenant({ orgId }, (tx) => tx.accessGrant.findFirstOrThrow({ where: { id } }));
export const auditOf = async (orgId: string, prefix = "access.") =>
  (await withTenant({ orgId }, (tx) => tx.auditEvent.findMany({ where: { orgId }, orderBy: { seq: "asc" }, select: { action: true, targetId: true, actorEmail: true, ipAddress: true, diff: true } }))).filter((e) =>
    e.action.startsWith(prefix),
  );
