import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { exportDownloadsCsv, granteeDownloads, listDownloads, recordDownload } from "@/modules/access/server/downloads";
import { expireAccessEverywhere } from "@/modules/access/server/expire";
import { verifyAccessRequest } from "@/modules/access/server/requests";
import { approveRequest, denyRequest, extendGrant, listGrants, listRequests, revokeGrant } from "@/modules/access/server/review";
import { redeemAccessLink, resolveGranteeSession } from "@/modules/access/server/sessions";
import { getAccessSettings, publishNdaVersion, saveRules, saveSettings } from "@/modules/access/server/settings";
import { setClock } from "@/server/clock";
import { sha256Hex } from "@/server/crypto";
import { withTenant } from "@/server/db/tenant";
import { errorResponse } from "@/server/http";
import { accessWorld, auditOf, grantRow, requestRow, submit } from "../support/access";

afterEach(() => setClock());

const DAY = 86_400_000;

/** A world with one pending request (no rules: everything goes to review). */
async function pending(name: string, email = "sam@globex.example") {
  const world = await accessWorld(name, []);
  const { token, requestId } = await submit(world.pub, email);
  await verifyAccessRequest({ ctx: world.pub, token });
  return { ...world, requestId, reviewer: await world.as(world.editor, "access.review") };
}

describe("who may review and who may manage", () => {
  it("a VIEWER may neither review nor manage; an EDITOR reviews but does not manage; owners and admins do both", async () => {
    const world = await accessWorld("Roles");
    await expect(world.as(world.viewer, "access.review")).rejects.toMatchObject({ code: "forbidden" });
    await expect(world.as(world.viewer, "access.manage")).rejects.toMatchObject({ code: "forbidden" });
    await expect(world.as(world.editor, "access.review")).resolves.toMatchObject({ role: "EDITOR" });
    await expect(world.as(world.editor, "access.manage")).rejects.toMatchObject({ code: "forbidden" });
    await expect(world.as(world.admin, "access.manage")).resolves.toMatchObject({ role: "ADMIN" });
  });
});

describe("the request queue", () => {
  it("lists verified requests by status, newest first, never the unverified ones", async () => {
    const world = await pending("Queue");
    await submit(world.pub, "unverified@globex.example");
    const all = await listRequests({ ctx: world.reviewer, input: {} });
    expect(all.requests.map((r) => [r.email, r.status, r.decidedByRule])).toEqual([["sam@globex.example", "PENDING", "No rule matched → manual review"]]);
    expect((await listRequests({ ctx: world.reviewer, input: { status: "UNVERIFIED" } })).total).toBe(1);
    expect((await listRequests({ ctx: world.reviewer, input: { status: "APPROVED" } })).total).toBe(0);
    await expect(listRequests({ ctx: world.reviewer, input: { status: "SOMETHING" } })).rejects.toThrow();
    await expect(listRequests({ ctx: world.reviewer, input: { page: 0 } })).rejects.toThrow();
  });

  it("approve with a narrower scope and 30 days: a grant, a link, the reviewer recorded; a second decision is a conflict", async () => {
    const world = await pending("Approve");
    const approved = await approveRequest({ ctx: world.reviewer, input: { requestId: world.requestId, scope: { items: [`document:${world.docA}`] }, days: 30 } });
    expect(await requestRow(world.org.id, world.requestId)).toMatchObject({ status: "APPROVED", decidedById: world.editor.id });
    const grant = await grantRow(world.org.id, approved.grantId);
    expect(grant).toMatchObject({ email: "sam@globex.example", scopeAll: false, scopeItems: [`document:${world.docA}`] });
    expect(Math.round((grant.expiresAt.getTime() - grant.createdAt.getTime()) / DAY)).toBe(30);
    await expect(denyRequest({ ctx: world.reviewer, input: { requestId: world.requestId, reason: "Changed my mind" } })).rejects.toMatchObject({ code: "conflict" });
    await expect(approveRequest({ ctx: world.reviewer, input: { requestId: world.requestId } })).rejects.toMatchObject({ code: "conflict" });
    expect((await auditOf(world.org.id, "access.request.approve")).map((e) => [e.actorEmail, e.targetId])).toEqual([[world.editor.email, world.requestId]]);
  });

  it("approve with items the published trust center does not list as NDA (another tenant's document, an unknown id) is a 422, and nothing is granted", async () => {
    const world = await pending("Scope");
    const other = await pending("ScopeOther");
    for (const items of [[`document:${other.docA}`], [`document:${world.docA}`, "document:00000000-0000-4000-8000-000000000000"]]) {
      const error = await approveRequest({ ctx: world.reviewer, input: { requestId: world.requestId, scope: { items } } }).catch((e: unknown) => e);
      expect(errorResponse(error).status).toBe(422);
    }
    expect((await requestRow(world.org.id, world.requestId)).status).toBe("PENDING");
    expect(await withTenant({ orgId: world.org.id }, (tx) => tx.accessGrant.count({ where: { orgId: world.org.id } }))).toBe(0);
  });

  it("grant days outside 7–365 are a 422", async () => {
    const world = await pending("Days");
    for (const days of [6, 366, 1.5, "ninety"]) {
      const error = await approveRequest({ ctx: world.reviewer, input: { requestId: world.requestId, days } }).catch((e: unknown) => e);
      expect(errorResponse(error).status).toBe(422);
    }
    expect((await requestRow(world.org.id, world.requestId)).status).toBe("PENDING");
  });

  it("deny with a reason, kept as text", async () => {
    const world = await pending("Deny");
    await denyRequest({ ctx: world.reviewer, input: { requestId: world.requestId, reason: "<b>Competitor</b>" } });
    expect(await requestRow(world.org.id, world.requestId)).toMatchObject({ status: "DENIED", decisionReason: "<b>Competitor</b>", decidedById: world.editor.id });
    const error = await denyRequest({ ctx: world.reviewer, input: { requestId: world.requestId, reason: "   " } }).catch((e: unknown) => e);
    expect(errorResponse(error).status).toBe(422);
  });

  it("under an NDA signed outside Candor, approval needs the signed copy: a document of this organisation, not another's", async () => {
    const world = await pending("ExtNda");
    const other = await accessWorld("ExtNdaOther");
    const manager = await world.as(world.owner, "access.manage");
    await saveSettings({ ctx: manager, input: { ndaMode: "EXTERNAL", ipRecording: "TRUNCATED", defaultGrantDays: 90, mailCapPerHour: 200, version: 1 } });
    await expect(approveRequest({ ctx: world.reviewer, input: { requestId: world.requestId } })).rejects.toMatchObject({ code: "validation" });
    await expect(approveRequest({ ctx: world.reviewer, input: { requestId: world.requestId, externalNdaDocumentId: other.docA } })).rejects.toMatchObject({ code: "validation" });
    expect((await requestRow(world.org.id, world.requestId)).status).toBe("PENDING");
    const { grantId } = await approveRequest({ ctx: world.reviewer, input: { requestId: world.requestId, externalNdaDocumentId: world.docB } });
    expect((await grantRow(world.org.id, grantId)).externalNdaDocumentId).toBe(world.docB);
  });

  it("an unverified request cannot be decided (it never reached the queue)", async () => {
    const world = await pending("Unverified");
    const { requestId } = await submit(world.pub, "later@globex.example");
    await expect(approveRequest({ ctx: world.reviewer, input: { requestId } })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("another organisation's ids", () => {
  it("requests and grants of another organisation are not found, and nothing of theirs changes", async () => {
    const acme = await pending("AcmeX");
    const globex = await pending("GlobexX");
    const globexGrant = await approveRequest({ ctx: globex.reviewer, input: { requestId: globex.requestId } });
    const { requestId: globexPending } = await submit(globex.pub, "second@globex.example").then(async (s) => {
      await verifyAccessRequest({ ctx: globex.pub, token: s.token });
      return s;
    });
    const before = await withTenant({ orgId: globex.org.id }, async (tx) => JSON.stringify([await tx.accessRequest.findMany({ orderBy: { id: "asc" } }), await tx.accessGrant.findMany({ orderBy: { id: "asc" } })]));
    const owner = await acme.as(acme.owner, "access.review");
    const attempts = [
      () => approveRequest({ ctx: owner, input: { requestId: globexPending } }),
      () => denyRequest({ ctx: owner, input: { requestId: globexPending, reason: "no" } }),
      () => extendGrant({ ctx: owner, input: { grantId: globexGrant.grantId, days: 30, version: 1 } }),
      () => revokeGrant({ ctx: owner, input: { grantId: globexGrant.grantId, version: 1 } }),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: "not_found" });
    const after = await withTenant({ orgId: globex.org.id }, async (tx) => JSON.stringify([await tx.accessRequest.findMany({ orderBy: { id: "asc" } }), await tx.accessGrant.findMany({ orderBy: { id: "asc" } })]));
    expect(after).toBe(before);
    expect((await listRequests({ ctx: owner, input: {} })).requests.map((r) => r.email)).toEqual(["sam@globex.example"]);
    expect((await listGrants({ ctx: owner, input: {} })).total).toBe(0);
    expect(await auditOf(globex.org.id, "access.grant.")).toEqual([]);
  });
});

describe("grants", () => {
  it("extend adds days from the expiry; a stale version is a conflict; a revoked grant cannot be extended", async () => {
    const world = await pending("Extend");
    const { grantId } = await approveRequest({ ctx: world.reviewer, input: { requestId: world.requestId, days: 30 } });
    const before = await grantRow(world.org.id, grantId);
    const extended = await extendGrant({ ctx: world.reviewer, input: { grantId, days: 60, version: 1 } });
    expect(extended.expiresAt.getTime() - before.expiresAt.getTime()).toBe(60 * DAY);
    await expect(extendGrant({ ctx: world.reviewer, input: { grantId, days: 60, version: 1 } })).rejects.toMatchObject({ code: "conflict" });
    await revokeGrant({ ctx: world.reviewer, input: { grantId, version: 2 } });
    await expect(extendGrant({ ctx: world.reviewer, input: { grantId, days: 60, version: 3 } })).rejects.toMatchObject({ code: "conflict" });
    await expect(revokeGrant({ ctx: world.reviewer, input: { grantId, version: 3 } })).rejects.toMatchObject({ code: "conflict" });
    expect((await auditOf(world.org.id, "access.grant.")).map((e) => e.action)).toEqual(["access.grant.extend", "access.grant.revoke"]);
    expect((await listGrants({ ctx: world.reviewer, input: { active: false } })).grants.map((g) => g.id)).toEqual([grantId]);
  });

  it("the sweep ends the sessions of expired grants; the session was already refused before it ran", async () => {
    const world = await pending("Sweep");
    const { grantId, linkToken } = await approveRequest({ ctx: world.reviewer, input: { requestId: world.requestId, days: 7 } });
    const { sessionToken } = await redeemAccessLink({ ctx: world.pub, token: linkToken });
    const base = Date.now();
    setClock(() => base + 7 * DAY + 1000);
    expect(await resolveGranteeSession({ ctx: world.pub, token: sessionToken })).toBeNull();
    const swept = await expireAccessEverywhere();
    expect(swept.sessionsEnded).toBeGreaterThanOrEqual(1);
    expect((await withTenant({ orgId: world.org.id }, (tx) => tx.granteeSession.findFirstOrThrow({ where: { grantId } }))).endedAt).not.toBeNull();
  });
});

describe("settings, rules and NDA versions", () => {
  it("settings and rules save with their own versions; stale saves conflict; out-of-range values are a 422", async () => {
    const world = await accessWorld("Settings");
    const admin = await world.as(world.admin, "access.manage");
    expect((await getAccessSettings({ ctx: admin })).settings).toMatchObject({ ndaMode: "NONE", ipRecording: "TRUNCATED", defaultGrantDays: 90, version: 1, rulesVersion: 2 });
    await saveSettings({ ctx: admin, input: { ndaMode: "CLICK_THROUGH", ipRecording: "NONE", defaultGrantDays: 30, mailCapPerHour: 50, version: 1 } });
    await expect(saveSettings({ ctx: admin, input: { ndaMode: "NONE", ipRecording: "NONE", defaultGrantDays: 30, mailCapPerHour: 50, version: 1 } })).rejects.toMatchObject({ code: "conflict" });
    for (const bad of [{ defaultGrantDays: 400 }, { mailCapPerHour: 0 }, { ndaMode: "SOMETIMES" }]) {
      const error = await saveSettings({ ctx: admin, input: { ndaMode: "NONE", ipRecording: "NONE", defaultGrantDays: 30, mailCapPerHour: 50, version: 2, ...bad } }).catch((e: unknown) => e);
      expect(errorResponse(error).status).toBe(422);
    }
    await saveRules({ ctx: admin, input: { version: 2, rules: [{ match: "FREE_MAIL", decision: "DENY" }, { match: "DOMAINS", domains: ["@Acme.COM.", "acme.com", "eu.acme.com"], decision: "APPROVE" }] } });
    await expect(saveRules({ ctx: admin, input: { version: 2, rules: [] } })).rejects.toMatchObject({ code: "conflict" });
    const error = await saveRules({ ctx: admin, input: { version: 3, rules: [{ match: "DOMAINS", domains: ["not a domain"], decision: "APPROVE" }] } }).catch((e: unknown) => e);
    expect(errorResponse(error).status).toBe(422);
    const saved = await getAccessSettings({ ctx: admin });
    expect(saved.settings).toMatchObject({ ndaMode: "CLICK_THROUGH", ipRecording: "NONE", defaultGrantDays: 30, mailCapPerHour: 50, version: 2, rulesVersion: 3 });
    expect(saved.rules.map((r) => [r.position, r.match, r.domains, r.decision])).toEqual([
      [1, "FREE_MAIL", [], "DENY"],
      [2, "DOMAINS", ["acme.com", "eu.acme.com"], "APPROVE"],
    ]);
    expect((await auditOf(world.org.id, "access.rules.update")).at(-1)!.diff).toMatchObject({ rules: { to: ["Rule 1: free-mail address → deny", "Rule 2: email domain is acme.com, eu.acme.com → approve"] } });
  });

  it("NDA versions are numbered, hashed, and immutable for the application and the owner alike", async () => {
    const world = await accessWorld("NdaImm");
    const v1 = await publishNdaVersion({ ctx: world.manager, input: { markdown: "First <script>text</script>." } });
    await expect(publishNdaVersion({ ctx: world.manager, input: { markdown: "First <script>text</script>." } })).rejects.toMatchObject({ code: "conflict" });
    const v2 = await publishNdaVersion({ ctx: world.manager, input: { markdown: "Second." } });
    expect([v1.number, v2.number, v1.sha256]).toEqual([1, 2, sha256Hex("First <script>text</script>.")]);
    const asApp = await withTenant({ orgId: world.org.id }, (tx) => tx.$executeRawUnsafe(`UPDATE "NdaVersion" SET markdown = 'changed' WHERE id = '${v1.id}'`)).catch((e: Error) => e.message);
    expect(asApp).toMatch(/permission denied/);
    const owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await owner.connect();
    try {
      const update = await owner.query(`UPDATE "NdaVersion" SET markdown = 'changed' WHERE id = $1`, [v1.id]).catch((e: Error) => e.message);
      const remove = await owner.query(`DELETE FROM "NdaVersion" WHERE id = $1`, [v2.id]).catch((e: Error) => e.message);
      expect([update, remove]).toEqual(["NdaVersion rows are immutable (UPDATE refused)", "NdaVersion rows are immutable (DELETE refused)"]);
    } finally {
      await owner.end();
    }
    const oversized = await publishNdaVersion({ ctx: world.manager, input: { markdown: "x".repeat(100_001) } }).catch((e: unknown) => e);
    expect(errorResponse(oversized).status).toBe(422);
  });
});

describe("the download log", () => {
  it("records per the IP setting, lists with filters, exports CSV with hostile text defused, and shows nothing of another organisation", async () => {
    const acme = await pending("LogA");
    const globex = await pending("LogB");
    const { grantId, linkToken } = await approveRequest({ ctx: acme.reviewer, input: { requestId: acme.requestId } });
    const { grantId: globexGrant, linkToken: globexLink } = await approveRequest({ ctx: globex.reviewer, input: { requestId: globex.requestId } });
    const version = (orgId: string, documentId: string) => withTenant({ orgId }, async (tx) => (await tx.documentVersion.findFirstOrThrow({ where: { documentId } })).id);
    const entry = async (documentId: string, title: string) => ({ documentId, versionId: await version(acme.org.id, documentId), documentTitle: title, watermarkId: "wm-1", sha256: sha256Hex(title) });
    await recordDownload({ ctx: acme.pub, grantId, input: await entry(acme.docA, "=HYPERLINK(\"http://evil.example\")") });
    await recordDownload({ ctx: acme.pub, grantId, input: await entry(acme.docB, "SOC 2, \"type II\"") });
    await recordDownload({ ctx: globex.pub, grantId: globexGrant, input: { documentId: globex.docA, versionId: await version(globex.org.id, globex.docA), documentTitle: "Globex secret", watermarkId: "wm-g", sha256: sha256Hex("g") } });
    await expect(recordDownload({ ctx: acme.pub, grantId: globexGrant, input: await entry(acme.docA, "x") })).rejects.toMatchObject({ code: "not_found" });

    const listed = await listDownloads({ ctx: acme.reviewer, input: {} });
    expect(listed.downloads.map((d) => [d.documentTitle, d.email, d.ipAddress])).toEqual([
      ["SOC 2, \"type II\"", "sam@globex.example", "198.51.100.0"],
      ["=HYPERLINK(\"http://evil.example\")", "sam@globex.example", "198.51.100.0"],
    ]);
    expect((await listDownloads({ ctx: acme.reviewer, input: { documentId: acme.docA } })).downloads).toHaveLength(1);
    expect((await listDownloads({ ctx: acme.reviewer, input: { grantId: globexGrant } })).total).toBe(0);
    const csv = await exportDownloadsCsv({ ctx: acme.reviewer, input: {} });
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe('"at","email","document","document_id","version_id","grant_id","ip","user_agent","watermark_id","sha256"');
    expect(lines).toHaveLength(4);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(csv).toContain(`"SOC 2, ""type II"""`);
    expect(csv).not.toContain("Globex secret");
    await expect(listDownloads({ ctx: acme.reviewer, input: { from: "not a date" } })).rejects.toThrow();

    // The grantee sees their own, and nobody else's.
    const { sessionToken } = await redeemAccessLink({ ctx: acme.pub, token: linkToken });
    expect((await granteeDownloads({ ctx: acme.pub, sessionToken })).rows.map((d) => d.documentTitle)).toEqual(["SOC 2, \"type II\"", "=HYPERLINK(\"http://evil.example\")"]);
    const { sessionToken: globexSession } = await redeemAccessLink({ ctx: globex.pub, token: globexLink });
    expect((await granteeDownloads({ ctx: globex.pub, sessionToken: globexSession })).rows.map((d) => d.documentTitle)).toEqual(["Globex secret"]);
    await expect(granteeDownloads({ ctx: globex.pub, sessionToken })).rejects.toMatchObject({ code: "unauthenticated" });
  });
});
