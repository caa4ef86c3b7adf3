import { domainToASCII } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { systemResolver, type DnsResolver } from "@/modules/domains/server/dns";
import { addDomain, claimableHostname, listDomains, recheckDomains, removeDomain, verifyDomain } from "@/modules/domains/server/domains";
import { forgetHosts, slugForCustomHost } from "@/modules/domains/server/host-lookup";
import { tlsAsk } from "@/server/edge/tls-ask";
import { publish } from "@/modules/publishing/server/publish";
import { db } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { AppError } from "@/server/errors";
import { resetRateLimiters } from "@/server/rate-limit";
import { ANSWERING_TIMEOUT_MS, startDnsServer, type TestDnsServer } from "../setup/dns-server";
import { addMember, createOrg } from "../support/factories";

/**
 * Claiming, verifying, taking over and re-checking custom domains, against a real DNS server on
 * loopback (tests/setup/dns-server.ts) through the same resolver production uses.
 */
let dns: TestDnsServer;
let resolver: DnsResolver;
const CNAME_TARGET = "cname.localhost"; // PLATFORM_CNAME_TARGET's default for PLATFORM_DOMAIN=localhost

beforeAll(async () => {
  dns = await startDnsServer();
  resolver = systemResolver({ servers: [dns.address], timeoutMs: ANSWERING_TIMEOUT_MS, tries: 1 });
});
afterAll(() => dns.close());
beforeEach(() => {
  dns.reset();
  forgetHosts();
  resetRateLimiters();
});

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

function pointAt(host: string, token: string, target = CNAME_TARGET) {
  dns.setTxt(`_candor-challenge.${host}`, [token]);
  dns.setCname(host, target);
}

async function domainAlerts(email: string) {
  return db.outboxMessage.findMany({ where: { recipient: email, template: "domain-alert" }, orderBy: { createdAt: "asc" } });
}

async function auditActions(orgId: string) {
  return (await withTenant({ orgId }, (tx) => tx.auditEvent.findMany({ where: { orgId }, orderBy: { seq: "asc" }, select: { action: true } }))).map((e) => e.action);
}

describe("which host names can be claimed", () => {
  it("accepts a name under one's own domain, normalised", () => {
    expect(claimableHostname("https://Trust.Example.COM/")).toBe("trust.example.com");
    expect(claimableHostname("trust.example.com.")).toBe("trust.example.com");
    expect(claimableHostname("sécurité.example.fr")).toBe(domainToASCII("sécurité.example.fr"));
    expect(claimableHostname("sécurité.example.fr")).toMatch(/^xn--scurit-[a-z0-9]+\.example\.fr$/);
    expect(claimableHostname("foo.github.io")).toBe("foo.github.io");
  });

  it.each([
    ["203.0.113.5", "IP"],
    ["[2001:db8::1]", "IP"],
    ["trust.example.com:8443", "port"],
    ["com", "public suffix"],
    ["co.uk", "public suffix"],
    ["github.io", "public suffix (private section)"],
    ["localhost", "ours"],
    ["acme.localhost", "ours"],
    ["cname.localhost", "ours"],
    ["<script>alert(1)</script>.example.com", "malformed"],
    ["a".repeat(300), "too long"],
    ["", "empty"],
  ])("refuses %j (%s) with a field error", (input) => {
    let error: unknown;
    try {
      claimableHostname(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("validation");
    expect((error as AppError).details.fieldErrors?.hostname?.[0]).toBeTruthy();
  });
});

describe("adding a domain", () => {
  it("allows one per organisation, even when ten requests race", async () => {
    const { ctx } = await createOrg(undefined, "Limit");
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => codeOf(addDomain({ ctx, input: { hostname: `t${i}.limit.example` } }))));
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    expect(results.filter((r) => r === "conflict")).toHaveLength(9);
    const domains = await listDomains({ ctx });
    expect(domains).toHaveLength(1);
    expect(domains[0]!.token).toMatch(/^[0-9a-f]{40}$/); // 160 random bits
    expect(await codeOf(addDomain({ ctx, input: { hostname: domains[0]!.hostname } }))).toBe("conflict");
  });

  it("gives each claim its own token", async () => {
    const a = await createOrg(undefined, "Tok");
    const b = await createOrg(undefined, "Tok");
    const ta = (await addDomain({ ctx: a.ctx, input: { hostname: "trust.tokens.example" } })).domain.token;
    const tb = (await addDomain({ ctx: b.ctx, input: { hostname: "trust.tokens.example" } })).domain.token;
    expect(ta).not.toBe(tb);
  });
});

describe("verifying a domain", () => {
  it("names exactly what is wrong until DNS is right, then serves the tenant there", async () => {
    const { ctx, org } = await createOrg(undefined, "Verify");
    await publish({ ctx });
    const host = "trust.verify.example";
    const { domain } = await addDomain({ ctx, input: { hostname: host } });
    const verify = () => verifyDomain({ ctx, id: domain.id, resolver });

    let result = await verify();
    expect(result.check).toMatchObject({ ok: false, reason: "TXT_MISSING" });
    expect(result.domain).toMatchObject({ status: "FAILED", reason: "TXT_MISSING", verifiedAt: null });
    expect(result.domain.message).toContain(`_candor-challenge.${host}`);

    dns.setTxt(`_candor-challenge.${host}`, ["not-the-token"]);
    result = await verify();
    expect(result.check).toMatchObject({ ok: false, reason: "TXT_WRONG" });

    dns.setTxt(`_candor-challenge.${host}`, [domain.token]);
    dns.setA(host, "198.51.100.7");
    expect((await verify()).check).toMatchObject({ ok: false, reason: "CNAME_MISSING" });

    dns.setA(host, null);
    dns.setCname(host, "somewhere-else.example");
    result = await verify();
    expect(result.check).toMatchObject({ ok: false, reason: "CNAME_ELSEWHERE", seen: ["somewhere-else.example"] });
    expect(await slugForCustomHost(host)).toBeNull();
    expect(await tlsAsk(host)).toBe(false);

    dns.setCname(host, CNAME_TARGET.toUpperCase());
    result = await verify();
    expect(result.check.ok).toBe(true);
    expect(result.domain).toMatchObject({ status: "VERIFIED", reason: null, message: null });
    expect(result.domain.verifiedAt).toBeInstanceOf(Date);
    expect(await slugForCustomHost(host)).toBe(org.slug);
    expect(await tlsAsk(host)).toBe(true);
    expect(await auditActions(org.id)).toEqual(expect.arrayContaining(["domain.add", "domain.verify"]));
  });

  it("a transient DNS failure leaves a pending claim pending and says to try again", async () => {
    const { ctx } = await createOrg(undefined, "Flaky");
    const host = "trust.flaky.example";
    const { domain } = await addDomain({ ctx, input: { hostname: host } });
    dns.fail(`_candor-challenge.${host}`, "SERVFAIL");
    const result = await verifyDomain({ ctx, id: domain.id, resolver });
    expect(result.check).toMatchObject({ ok: false, reason: "DNS_ERROR", transient: true });
    expect(result.domain.status).toBe("PENDING");
  });

  it("behind the customer's own proxy, the TXT proof alone verifies", async () => {
    const { ctx, org } = await createOrg(undefined, "Proxy");
    const host = "trust.proxy.example";
    const { domain } = await addDomain({ ctx, input: { hostname: host, mode: "PROXY" } });
    dns.setTxt(`_candor-challenge.${host}`, [domain.token]);
    dns.setA(host, "198.51.100.9"); // their CDN, not us
    expect((await verifyDomain({ ctx, id: domain.id, resolver })).domain.status).toBe("VERIFIED");
    expect(await slugForCustomHost(host)).toBe(org.slug);
  });

  it("cannot be done for another organisation's domain, and rate-limits DNS checks per organisation", async () => {
    const a = await createOrg(undefined, "Mine");
    const b = await createOrg(undefined, "Thief");
    const { domain } = await addDomain({ ctx: a.ctx, input: { hostname: "trust.mine.example" } });
    expect(await codeOf(verifyDomain({ ctx: b.ctx, id: domain.id, resolver }))).toBe("not_found");
    expect(await codeOf(removeDomain({ ctx: b.ctx, id: domain.id }))).toBe("not_found");
    const codes: string[] = [];
    for (let i = 0; i < 22; i++) codes.push(await codeOf(verifyDomain({ ctx: a.ctx, id: domain.id, resolver })));
    expect(codes.slice(0, 19).every((c) => c === "ok")).toBe(true);
    expect(codes.at(-1)).toBe("rate_limited");
  });
});

describe("taking over a host name", () => {
  it("needs the newcomer's own token; then the previous owner loses it and is told", async () => {
    const a = await createOrg(undefined, "Old");
    const adminA = await addMember(a.org.id, "ADMIN");
    const b = await createOrg(undefined, "New");
    const host = "trust.shared.example";
    const claimA = await addDomain({ ctx: a.ctx, input: { hostname: host } });
    pointAt(host, claimA.domain.token);
    await verifyDomain({ ctx: a.ctx, id: claimA.domain.id, resolver });
    expect(await slugForCustomHost(host)).toBe(a.org.slug);

    const claimB = await addDomain({ ctx: b.ctx, input: { hostname: host } });
    expect(claimB.ownedElsewhere).toBe(true);
    // A's token in DNS proves nothing for B.
    expect((await verifyDomain({ ctx: b.ctx, id: claimB.domain.id, resolver })).check).toMatchObject({ ok: false, reason: "TXT_WRONG" });
    expect(await slugForCustomHost(host)).toBe(a.org.slug);

    pointAt(host, claimB.domain.token);
    const result = await verifyDomain({ ctx: b.ctx, id: claimB.domain.id, resolver });
    expect(result.check.ok).toBe(true);
    expect(result.previousOwner).toBe(a.org.id);
    expect(await listDomains({ ctx: a.ctx })).toEqual([]);
    expect(await slugForCustomHost(host)).toBe(b.org.slug);
    for (const email of [a.owner.email, adminA.email]) expect((await domainAlerts(email)).length).toBe(1);
    expect(await auditActions(a.org.id)).toContain("domain.lost");
  });

  it("never leaves two owners, however the verifications race", async () => {
    const a = await createOrg(undefined, "RaceA");
    const b = await createOrg(undefined, "RaceB");
    const host = "trust.race.example";
    const claimA = await addDomain({ ctx: a.ctx, input: { hostname: host } });
    const claimB = await addDomain({ ctx: b.ctx, input: { hostname: host } });
    dns.setTxt(`_candor-challenge.${host}`, [claimA.domain.token, claimB.domain.token]);
    dns.setCname(host, CNAME_TARGET);
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => (i % 2 ? codeOf(verifyDomain({ ctx: a.ctx, id: claimA.domain.id, resolver })) : codeOf(verifyDomain({ ctx: b.ctx, id: claimB.domain.id, resolver })))),
    );
    expect(results.every((r) => r === "ok" || r === "conflict" || r === "not_found")).toBe(true);
    const owners = [...(await listDomains({ ctx: a.ctx })), ...(await listDomains({ ctx: b.ctx }))].filter((d) => d.verifiedAt);
    expect(owners).toHaveLength(1);
  });
});

describe("the daily re-check", () => {
  it("ignores transient errors, warns at the first failure, suspends after 72 hours, restores on success", async () => {
    const { ctx, org, owner } = await createOrg(undefined, "Daily");
    const host = "trust.daily.example";
    const { domain } = await addDomain({ ctx, input: { hostname: host } });
    pointAt(host, domain.token);
    const t0 = new Date(Date.now() + 60_000);
    await verifyDomain({ ctx, id: domain.id, resolver, now: t0 });
    const at = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);
    const status = async () => (await listDomains({ ctx }))[0]!;

    dns.fail(`_candor-challenge.${host}`, "SERVFAIL");
    await recheckDomains({ resolver, now: at(24) });
    expect(await status()).toMatchObject({ status: "VERIFIED", failingSince: null, reason: "DNS_ERROR", lastCheckedAt: at(24) });
    expect(await domainAlerts(owner.email)).toHaveLength(0);

    dns.fail(`_candor-challenge.${host}`, null);
    dns.setTxt(`_candor-challenge.${host}`, null);
    await recheckDomains({ resolver, now: at(48) });
    expect(await status()).toMatchObject({ status: "VERIFIED", reason: "TXT_MISSING", failingSince: at(48) });
    expect(await domainAlerts(owner.email)).toHaveLength(1);
    expect(await slugForCustomHost(host)).toBe(org.slug); // still serving while it fails

    // Checked within the last 20 hours: not due again.
    await recheckDomains({ resolver, now: at(50) });
    expect((await status()).lastCheckedAt).toEqual(at(48));
    await recheckDomains({ resolver, now: at(96) });
    expect(await status()).toMatchObject({ status: "VERIFIED", lastCheckedAt: at(96) });
    await recheckDomains({ resolver, now: at(120) });
    expect(await status()).toMatchObject({ status: "SUSPENDED", suspendedAt: at(120) });
    expect(await domainAlerts(owner.email)).toHaveLength(2);
    expect(await slugForCustomHost(host)).toBeNull();
    expect(await tlsAsk(host)).toBe(false);

    pointAt(host, domain.token);
    await recheckDomains({ resolver, now: at(144) });
    expect(await status()).toMatchObject({ status: "VERIFIED", failingSince: null, suspendedAt: null });
    expect(await domainAlerts(owner.email)).toHaveLength(3);
    expect(await slugForCustomHost(host)).toBe(org.slug);
  });
});

describe("what is announced to every process (candor_domain)", () => {
  // Each announcement makes every web process forget the host, empty its ready answers for every
  // tenant and rewrite the organisation's files for the edge: a routine re-check that changes
  // nothing a visitor sees must not announce (at 100,000 domains it re-checks 100,000 a day).
  it("announces a domain's arrival, verification, suspension and removal, never a routine re-check", async () => {
    const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    const heard: string[] = [];
    listener.on("notification", (message) => heard.push(message.payload ?? ""));
    await listener.query("LISTEN candor_domain");
    const host = "trust.announced.example";
    const sentinel = "sentinel.announced.example";
    // Only this test's names: other tests' domains may be re-checked by the same calls.
    const ours = () => heard.filter((name) => name === host || name === sentinel);
    try {
      const { ctx, org } = await createOrg(undefined, "Announced");
      const { domain } = await addDomain({ ctx, input: { hostname: host } });
      pointAt(host, domain.token);
      const t0 = new Date(Date.now() + 60_000);
      await verifyDomain({ ctx, id: domain.id, resolver, now: t0 });
      const at = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);
      await expect.poll(ours).toEqual([host, host]);

      // Healthy, then failing but still serving (reason, message, failingSince), then healthy again:
      // bookkeeping only. Notifications arrive in commit order, so the sentinel sent after them
      // would come second if any of these had announced.
      await recheckDomains({ resolver, now: at(24) });
      dns.setTxt(`_candor-challenge.${host}`, null);
      await recheckDomains({ resolver, now: at(48) });
      expect((await listDomains({ ctx }))[0]!).toMatchObject({ status: "VERIFIED", reason: "TXT_MISSING", failingSince: at(48), lastCheckedAt: at(48) });
      pointAt(host, domain.token);
      await recheckDomains({ resolver, now: at(72) });
      expect((await listDomains({ ctx }))[0]!).toMatchObject({ status: "VERIFIED", failingSince: null, lastCheckedAt: at(72) });
      await db.$executeRaw`SELECT pg_notify('candor_domain', ${sentinel})`;
      await expect.poll(ours).toEqual([host, host, sentinel]);
      expect(await slugForCustomHost(host)).toBe(org.slug);

      // Failing past 72 hours: suspended, which visitors do see; announced.
      dns.setTxt(`_candor-challenge.${host}`, null);
      await recheckDomains({ resolver, now: at(96) });
      await recheckDomains({ resolver, now: at(170) });
      expect((await listDomains({ ctx }))[0]!).toMatchObject({ status: "SUSPENDED" });
      await expect.poll(ours).toEqual([host, host, sentinel, host]);
      expect(await slugForCustomHost(host)).toBeNull();

      await removeDomain({ ctx, id: domain.id });
      await expect.poll(ours).toEqual([host, host, sentinel, host, host]);
    } finally {
      await listener.end();
    }
  });
});

describe("Caddy's ask", () => {
  it("allows published tenants' platform subdomains and verified domains only", async () => {
    const published = await createOrg(undefined, "Askpub");
    await publish({ ctx: published.ctx });
    const draft = await createOrg(undefined, "Askdraft");
    expect(await tlsAsk(`${published.org.slug}.localhost`)).toBe(true);
    expect(await tlsAsk(`${draft.org.slug}.localhost`)).toBe(false);
    expect(await tlsAsk("nobody-here.localhost")).toBe(false);
    for (const domain of [null, "", "localhost", "127.0.0.1", "[::1]", "unknown.example", `${published.org.slug}.localhost:443`, "a.b.localhost"]) {
      expect(await tlsAsk(domain)).toBe(false);
    }
  });
});
