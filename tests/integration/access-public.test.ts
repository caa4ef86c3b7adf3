import { afterEach, describe, expect, it } from "vitest";
import * as z from "zod";
import { submitAccessRequest, verifyAccessRequest } from "@/modules/access/server/requests";
import { acceptNda, endGranteeSession, redeemAccessLink, requestNewLink, resolveGranteeSession } from "@/modules/access/server/sessions";
import { publishNdaVersion } from "@/modules/access/server/settings";
import { approveRequest, revokeGrant } from "@/modules/access/server/review";
import { setClock } from "@/server/clock";
import { sha256Hex } from "@/server/crypto";
import { withTenant } from "@/server/db/tenant";
import { errorResponse } from "@/server/http";
import { createOrg } from "../support/factories";
import { accessWorld, auditOf, grantRow, publicCtx, requestInput, requestRow, setSettings, submit } from "../support/access";

afterEach(() => setClock());

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Moves the access module's clock to `ms` after the real now. */
const later = (ms: number) => {
  const base = Date.now();
  setClock(() => base + ms);
};

describe("request, verify, decide by rule, link, session", () => {
  it("an approved domain gets a grant and a host-bound session; tokens are stored only as hashes; every step is audited with the rule", async () => {
    const world = await accessWorld("Flow");
    const submitted = await submit(world.pub, "Pat@Prospect.Example");
    expect(submitted.token).toMatch(/^[0-9a-f]{64}$/);
    const stored = await requestRow(world.org.id, submitted.requestId);
    expect(stored).toMatchObject({ email: "pat@prospect.example", status: "UNVERIFIED", tokenHash: sha256Hex(submitted.token), host: world.host, ipAddress: "198.51.100.0", scopeAll: true });
    expect(stored.tokenExpiresAt.getTime() - stored.createdAt.getTime()).toBe(30 * MINUTE);

    const verified = await verifyAccessRequest({ ctx: world.pub, token: submitted.token });
    if (verified.status !== "APPROVED") throw new Error(verified.status);
    const rules = await withTenant({ orgId: world.org.id }, (tx) => tx.accessRule.findMany({ where: { orgId: world.org.id } }));
    expect(await requestRow(world.org.id, submitted.requestId)).toMatchObject({
      status: "APPROVED",
      tokenHash: null,
      decidedByRuleId: rules[0]!.id,
      decidedByRule: "Rule 1: email domain is prospect.example → approve",
      decidedById: null,
    });
    const grant = await grantRow(world.org.id, verified.grantId);
    expect(Math.round((grant.expiresAt.getTime() - grant.createdAt.getTime()) / 86_400_000)).toBe(90);
    const link = await withTenant({ orgId: world.org.id }, (tx) => tx.granteeLinkToken.findFirstOrThrow({ where: { grantId: verified.grantId } }));
    expect(link).toMatchObject({ tokenHash: sha256Hex(verified.linkToken), host: world.host, usedAt: null });

    const session = await redeemAccessLink({ ctx: world.pub, token: verified.linkToken });
    expect(session.sessionToken).toMatch(/^[0-9a-f]{64}$/);
    const sessionRow = await withTenant({ orgId: world.org.id }, (tx) => tx.granteeSession.findFirstOrThrow({ where: { grantId: verified.grantId } }));
    expect(sessionRow.tokenHash).toBe(sha256Hex(session.sessionToken));
    expect(await resolveGranteeSession({ ctx: world.pub, token: session.sessionToken })).toMatchObject({ grantId: verified.grantId, email: "pat@prospect.example", scope: { all: true }, ndaRequired: null });

    expect((await auditOf(world.org.id)).map((e) => [e.action, e.actorEmail, e.ipAddress])).toEqual([
      ["access.rules.update", world.owner.email, "203.0.113.7"],
      ["access.request.submit", null, "198.51.100.0"],
      ["access.request.verify", null, "198.51.100.0"],
      ["access.grant.create", null, "198.51.100.0"],
      ["access.session.start", null, "198.51.100.0"],
    ]);
  });

  it("free mail goes to review and disposable mail is denied, each with its rule; nothing matching goes to review with no rule", async () => {
    const world = await accessWorld("Rules", [
      { match: "DISPOSABLE", decision: "DENY" },
      { match: "FREE_MAIL", decision: "REVIEW" },
      { match: "DOMAINS", domains: ["prospect.example"], decision: "APPROVE" },
    ]);
    const outcomes: unknown[] = [];
    for (const email of ["someone@mailinator.com", "someone@gmail.com", "someone@prospect.example", "someone@globex.example"]) {
      const { token, requestId } = await submit(world.pub, email);
      const result = await verifyAccessRequest({ ctx: world.pub, token });
      const row = await requestRow(world.org.id, requestId);
      outcomes.push([email, result.status, row.status, row.decidedByRule, row.decidedAt === null]);
    }
    expect(outcomes).toEqual([
      ["someone@mailinator.com", "DENIED", "DENIED", "Rule 1: disposable address → deny", false],
      ["someone@gmail.com", "PENDING", "PENDING", "Rule 2: free-mail address → manual review", true],
      ["someone@prospect.example", "APPROVED", "APPROVED", "Rule 3: email domain is prospect.example → approve", false],
      ["someone@globex.example", "PENDING", "PENDING", "No rule matched → manual review", true],
    ]);
  });

  it("under an NDA signed outside Candor, an approving rule holds the request for review", async () => {
    const world = await accessWorld("External");
    await setSettings(world, { ndaMode: "EXTERNAL" });
    const { token, requestId } = await submit(world.pub, "pat@prospect.example");
    expect(await verifyAccessRequest({ ctx: world.pub, token })).toEqual({ status: "PENDING", requestId });
    expect((await requestRow(world.org.id, requestId)).decidedByRule).toBe("Rule 1: email domain is prospect.example → approve (held for review: the NDA is signed outside Candor)");
  });
});

describe("the verification token", () => {
  it("is single use", async () => {
    const world = await accessWorld("Once");
    const { token } = await submit(world.pub, "pat@prospect.example");
    await verifyAccessRequest({ ctx: world.pub, token });
    await expect(verifyAccessRequest({ ctx: world.pub, token })).rejects.toMatchObject({ code: "gone", status: 410 });
    expect(await withTenant({ orgId: world.org.id }, (tx) => tx.accessGrant.count())).toBe(1);
  });

  it("expires after 30 minutes, and the sweep marks the request EXPIRED so it never reaches the queue", async () => {
    const world = await accessWorld("Expiry");
    const { token, requestId } = await submit(world.pub, "pat@prospect.example");
    later(30 * MINUTE + 1000);
    await expect(verifyAccessRequest({ ctx: world.pub, token })).rejects.toMatchObject({ code: "gone" });
    const { expireAccess } = await import("@/modules/access/server/expire");
    expect(await expireAccess(world.org.id)).toEqual({ requestsExpired: 1, sessionsEnded: 0 });
    expect(await requestRow(world.org.id, requestId)).toMatchObject({ status: "EXPIRED", tokenHash: null });
    expect(await expireAccess(world.org.id)).toEqual({ requestsExpired: 0, sessionsEnded: 0 });
  });

  it("is refused when malformed, and means nothing on another organisation's host", async () => {
    const acme = await accessWorld("AcmeV");
    const globex = await accessWorld("GlobexV");
    const { token, requestId } = await submit(acme.pub, "pat@prospect.example");
    for (const bad of ["", "x".repeat(64), token.toUpperCase(), `${token}0`, null, 42, { token }]) {
      await expect(verifyAccessRequest({ ctx: acme.pub, token: bad })).rejects.toMatchObject({ code: "gone" });
    }
    await expect(verifyAccessRequest({ ctx: globex.pub, token })).rejects.toMatchObject({ code: "gone" });
    expect(await requestRow(acme.org.id, requestId)).toMatchObject({ status: "UNVERIFIED", tokenHash: sha256Hex(token) });
    expect(await withTenant({ orgId: globex.org.id }, (tx) => tx.accessGrant.count())).toBe(0);
  });
});

describe("access links and grantee sessions", () => {
  async function granted(name: string) {
    const world = await accessWorld(name);
    const { token } = await submit(world.pub, "pat@prospect.example");
    const verified = await verifyAccessRequest({ ctx: world.pub, token });
    if (verified.status !== "APPROVED") throw new Error(verified.status);
    return { ...world, grantId: verified.grantId, linkToken: verified.linkToken };
  }

  it("a link works once, only on the host it was made for", async () => {
    const world = await granted("Link");
    const otherHost = await publicCtx(world.org.slug, `trust.${world.org.slug}.example`);
    await expect(redeemAccessLink({ ctx: otherHost, token: world.linkToken })).rejects.toMatchObject({ code: "gone" });
    await redeemAccessLink({ ctx: world.pub, token: world.linkToken });
    await expect(redeemAccessLink({ ctx: world.pub, token: world.linkToken })).rejects.toMatchObject({ code: "gone" });
    expect(await withTenant({ orgId: world.org.id }, (tx) => tx.granteeSession.count())).toBe(1);
  });

  it("a link expires after 24 hours", async () => {
    const world = await granted("LinkTtl");
    later(24 * HOUR + 1000);
    await expect(redeemAccessLink({ ctx: world.pub, token: world.linkToken })).rejects.toMatchObject({ code: "gone" });
  });

  it("a session made on host A is refused on host B of the same organisation, and on another organisation's host with the cookie forged in", async () => {
    const acme = await granted("AcmeS");
    const globex = await granted("GlobexS");
    const { sessionToken } = await redeemAccessLink({ ctx: acme.pub, token: acme.linkToken });
    expect(await resolveGranteeSession({ ctx: acme.pub, token: sessionToken })).not.toBeNull();
    expect(await resolveGranteeSession({ ctx: await publicCtx(acme.org.slug, `trust.${acme.org.slug}.example`), token: sessionToken })).toBeNull();
    expect(await resolveGranteeSession({ ctx: await publicCtx(acme.org.slug, "localhost:3000"), token: sessionToken })).toBeNull();
    expect(await resolveGranteeSession({ ctx: globex.pub, token: sessionToken })).toBeNull();
    // Org B's context with A's host name (a request routed to B that claims A's host): still nothing.
    expect(await resolveGranteeSession({ ctx: { ...globex.pub, host: acme.host }, token: sessionToken })).toBeNull();
    expect(await resolveGranteeSession({ ctx: acme.pub, token: "f".repeat(64) })).toBeNull();
    expect(await resolveGranteeSession({ ctx: acme.pub, token: "<script>" })).toBeNull();
  });

  it("idle for 2 hours ends a session; use keeps it alive, up to 12 hours", async () => {
    const world = await granted("Idle");
    const { sessionToken: idle } = await redeemAccessLink({ ctx: world.pub, token: world.linkToken });
    later(2 * HOUR + 1000);
    expect(await resolveGranteeSession({ ctx: world.pub, token: idle })).toBeNull();
    setClock();

    const { linkToken } = await requestNewLink({ ctx: world.pub, input: { email: "pat@prospect.example" } });
    const { sessionToken: busy } = await redeemAccessLink({ ctx: world.pub, token: linkToken! });
    for (let hour = 1; hour <= 11; hour += 1) {
      later(hour * HOUR + 30 * MINUTE);
      expect(await resolveGranteeSession({ ctx: world.pub, token: busy }), `after ${hour}.5 h`).not.toBeNull();
    }
    later(12 * HOUR + 1000);
    expect(await resolveGranteeSession({ ctx: world.pub, token: busy })).toBeNull();
  });

  it("revoking the grant refuses the very next request, and the links still unused", async () => {
    const world = await granted("Revoke");
    const { sessionToken } = await redeemAccessLink({ ctx: world.pub, token: world.linkToken });
    const { linkToken } = await requestNewLink({ ctx: world.pub, input: { email: "pat@prospect.example" } });
    expect(await resolveGranteeSession({ ctx: world.pub, token: sessionToken })).not.toBeNull();
    const { version } = await grantRow(world.org.id, world.grantId);
    await revokeGrant({ ctx: await world.as(world.editor, "access.review"), input: { grantId: world.grantId, version } });
    expect(await resolveGranteeSession({ ctx: world.pub, token: sessionToken })).toBeNull();
    await expect(redeemAccessLink({ ctx: world.pub, token: linkToken! })).rejects.toMatchObject({ code: "gone" });
    expect((await requestNewLink({ ctx: world.pub, input: { email: "pat@prospect.example" } })).linkToken).toBeNull();
  });

  it("signing out ends the session", async () => {
    const world = await granted("SignOut");
    const { sessionToken } = await redeemAccessLink({ ctx: world.pub, token: world.linkToken });
    await endGranteeSession({ ctx: world.pub, token: sessionToken });
    expect(await resolveGranteeSession({ ctx: world.pub, token: sessionToken })).toBeNull();
  });

  it("“email me a new link” answers alike whether or not a grant exists, and makes a link for the asking host only while the grant lasts", async () => {
    const world = await granted("NewLink");
    const known = await requestNewLink({ ctx: world.pub, input: { email: "PAT@prospect.example" } });
    const unknown = await requestNewLink({ ctx: world.pub, input: { email: "nobody@prospect.example" } });
    expect(Object.keys(known)).toEqual(Object.keys(unknown));
    expect(known.accepted).toBe(unknown.accepted);
    expect(unknown.linkToken).toBeNull();
    expect(known.linkToken).toMatch(/^[0-9a-f]{64}$/);
    later(91 * 86_400_000);
    expect((await requestNewLink({ ctx: world.pub, input: { email: "pat@prospect.example" } })).linkToken).toBeNull();
  });
});

describe("the click-through NDA", () => {
  it("must be accepted with the request; the acceptance records the version and the hash of its exact text", async () => {
    const world = await accessWorld("Nda");
    await setSettings(world, { ndaMode: "CLICK_THROUGH", ipRecording: "FULL" });
    const v1 = await publishNdaVersion({ ctx: world.manager, input: { markdown: "# NDA\r\n\r\nKeep it **secret**." } });
    expect(v1).toMatchObject({ number: 1, sha256: sha256Hex("# NDA\n\nKeep it **secret**.") });
    await expect(submit(world.pub, "pat@prospect.example")).rejects.toMatchObject({ code: "validation" });
    await expect(submit(world.pub, "pat@prospect.example", { nda: { versionId: v1.id, accepted: false } })).rejects.toBeInstanceOf(z.ZodError);
    const { requestId, token } = await submit(world.pub, "pat@prospect.example", { nda: { versionId: v1.id, accepted: true } });
    const acceptance = await withTenant({ orgId: world.org.id }, (tx) => tx.ndaAcceptance.findFirstOrThrow({ where: { requestId } }));
    expect(acceptance).toMatchObject({ ndaVersionId: v1.id, textSha256: v1.sha256, email: "pat@prospect.example", ipAddress: "198.51.100.23", userAgent: "Mozilla/5.0 (prospect)" });
    const verified = await verifyAccessRequest({ ctx: world.pub, token });
    if (verified.status !== "APPROVED") throw new Error(verified.status);
    expect((await grantRow(world.org.id, verified.grantId)).ndaVersionId).toBe(v1.id);
  });

  it("a request made against an older version is refused; a new version owed by existing grantees only when it says so", async () => {
    const world = await accessWorld("NdaV2");
    await setSettings(world, { ndaMode: "CLICK_THROUGH" });
    const v1 = await publishNdaVersion({ ctx: world.manager, input: { markdown: "Version one." } });
    const { token } = await submit(world.pub, "pat@prospect.example", { nda: { versionId: v1.id, accepted: true } });
    const verified = await verifyAccessRequest({ ctx: world.pub, token });
    if (verified.status !== "APPROVED") throw new Error(verified.status);
    const { sessionToken } = await redeemAccessLink({ ctx: world.pub, token: verified.linkToken });

    const v2 = await publishNdaVersion({ ctx: world.manager, input: { markdown: "Version two.", requireReacceptance: false } });
    await expect(submit(world.pub, "sam@prospect.example", { nda: { versionId: v1.id, accepted: true } })).rejects.toMatchObject({ code: "conflict" });
    expect((await resolveGranteeSession({ ctx: world.pub, token: sessionToken }))!.ndaRequired).toBeNull();

    const v3 = await publishNdaVersion({ ctx: world.manager, input: { markdown: "Version three.", requireReacceptance: true } });
    expect(v2.number).toBe(2);
    expect((await resolveGranteeSession({ ctx: world.pub, token: sessionToken }))!.ndaRequired).toMatchObject({ id: v3.id, number: 3, markdown: "Version three." });
    await expect(acceptNda({ ctx: world.pub, sessionToken, input: { versionId: v2.id, accepted: true } })).rejects.toMatchObject({ code: "conflict" });
    expect(await acceptNda({ ctx: world.pub, sessionToken, input: { versionId: v3.id, accepted: true } })).toMatchObject({ ndaVersion: 3 });
    expect((await resolveGranteeSession({ ctx: world.pub, token: sessionToken }))!.ndaRequired).toBeNull();
    await expect(acceptNda({ ctx: world.pub, sessionToken: "0".repeat(64), input: { versionId: v3.id, accepted: true } })).rejects.toMatchObject({ code: "unauthenticated" });
  });
});

describe("hostile and excessive input", () => {
  it("HTML in every text field is stored as the text it is", async () => {
    const world = await accessWorld("Html", []);
    const html = `<img src=x onerror="alert(1)"><script>alert('x')</script>`;
    const { requestId } = await submit(world.pub, "pat@prospect.example", { fullName: html, company: `${html} Inc`, reason: `${html}\nline two` });
    expect(await requestRow(world.org.id, requestId)).toMatchObject({ fullName: html, company: `${html} Inc`, reason: `${html}\nline two` });
  });

  it("oversized or malformed input is a 422 and stores nothing", async () => {
    const world = await accessWorld("Big");
    for (const input of [
      requestInput("pat@prospect.example", { fullName: "x".repeat(10_000) }),
      requestInput("pat@prospect.example", { reason: "x".repeat(1_000_000) }),
      requestInput("x".repeat(300) + "@prospect.example"),
      requestInput("pat@prospect.example", { scope: { items: Array.from({ length: 501 }, (_, i) => `document:${String(i).padStart(8, "0")}-0000-4000-8000-000000000000`) } }),
      { ...requestInput("pat@prospect.example"), orgId: world.org.id },
      "not an object",
    ]) {
      const error = await submitAccessRequest({ ctx: world.pub, input }).catch((e: unknown) => e);
      expect(errorResponse(error).status).toBe(422);
    }
    expect(await withTenant({ orgId: world.org.id }, (tx) => tx.accessRequest.count())).toBe(0);
  });

  it("only NDA items the live publication lists can be asked for, not another organisation's", async () => {
    const acme = await accessWorld("ScopeA");
    const globex = await accessWorld("ScopeB");
    const ok = await submit(acme.pub, "pat@prospect.example", { scope: { items: [`document:${acme.docB}`, `document:${acme.docA}`, `document:${acme.docA}`] } });
    expect(await requestRow(acme.org.id, ok.requestId)).toMatchObject({ scopeAll: false, scopeItems: [`document:${acme.docA}`, `document:${acme.docB}`].sort() });
    const error = await submit(acme.pub, "pat@prospect.example", { scope: { items: [`document:${globex.docA}`] } }).catch((e: unknown) => e);
    expect(errorResponse(error).status).toBe(422);
  });

  it("an organisation with nothing published takes no requests", async () => {
    const { org } = await createOrg(undefined, "Unpublished");
    await expect(submit(await publicCtx(org.slug, `${org.slug}.trust.test`), "pat@prospect.example")).rejects.toMatchObject({ code: "not_found" });
  });

  it("the hourly mail cap: past it, a 429 with Retry-After and nothing stored; other organisations unaffected; an hour later it is open again", async () => {
    const acme = await accessWorld("CapA");
    const globex = await accessWorld("CapB");
    await setSettings(acme, { mailCapPerHour: 3 });
    for (let i = 0; i < 3; i += 1) await submit(acme.pub, `p${i}@prospect.example`);
    const refused = await submit(acme.pub, "p3@prospect.example").catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "rate_limited" });
    const response = errorResponse(refused);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(3500);
    await expect(requestNewLink({ ctx: acme.pub, input: { email: "nobody@prospect.example" } })).rejects.toMatchObject({ code: "rate_limited" });
    expect(await withTenant({ orgId: acme.org.id }, (tx) => tx.accessRequest.count())).toBe(3);
    await submit(globex.pub, "p0@prospect.example");
    later(HOUR + 1000);
    await submit(acme.pub, "p3@prospect.example");
  });
});

describe("a reviewer's approval sends the prospect back to the host they asked on", () => {
  it("the link from an approval works on the request's host only", async () => {
    const world = await accessWorld("Review", []);
    const { token, requestId } = await submit(world.pub, "sam@globex.example");
    await verifyAccessRequest({ ctx: world.pub, token });
    const approved = await approveRequest({ ctx: await world.as(world.editor, "access.review"), input: { requestId } });
    expect(approved.host).toBe(world.host);
    const elsewhere = await publicCtx(world.org.slug, `trust.${world.org.slug}.example`);
    await expect(redeemAccessLink({ ctx: elsewhere, token: approved.linkToken })).rejects.toMatchObject({ code: "gone" });
    expect(await redeemAccessLink({ ctx: world.pub, token: approved.linkToken })).toMatchObject({ grantId: approved.grantId });
  });
});
