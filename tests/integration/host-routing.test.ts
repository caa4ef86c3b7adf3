import { networkInterfaces } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createControl } from "@/modules/controls/server/controls";
import { saveDisclosure } from "@/modules/disclosure/server/disclosure";
import { systemResolver } from "@/modules/domains/server/dns";
import { addDomain, verifyDomain } from "@/modules/domains/server/domains";
import { publish } from "@/modules/publishing/server/publish";
import { ANSWERING_TIMEOUT_MS, startDnsServer, type TestDnsServer } from "../setup/dns-server";
import { createOrg } from "../support/factories";
import { startFrontServer } from "../support/front-server";

/**
 * Host routing in the production server's front (scripts/web.ts → src/server/edge/fast-path.ts, which asks
 * src/server/edge/routing.ts's routeHost()): tenant hosts serve their public surfaces at the root and nothing
 * else; strangers get a plain 404; the TLS ask answers loopback only. What the fast path leaves
 * to Next shows here as a 418 "fell through".
 */
let front: Awaited<ReturnType<typeof startFrontServer>>;
let dns: TestDnsServer;
let acme: { slug: string; host: string };
let other: { slug: string };
const PENDING_HOST = "pending.routing.example";

beforeAll(async () => {
  front = await startFrontServer("0.0.0.0");

  dns = await startDnsServer();
  const a = await createOrg(undefined, "Routed");
  await createControl({ ctx: a.ctx, input: { ref: "AC-01", area: "Access", title: "Single sign-on everywhere", description: "SSO.", status: "IMPLEMENTED", visibility: "PUBLIC" } });
  await saveDisclosure({ ctx: a.ctx, input: { policy: "Write to us.", contacts: ["mailto:security@routed.example"], preferredLanguages: "en", expiresAt: new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10), version: 0 } });
  await publish({ ctx: a.ctx });
  const { domain } = await addDomain({ ctx: a.ctx, input: { hostname: "trust.routing.example" } });
  dns.setTxt("_candor-challenge.trust.routing.example", [domain.token]);
  dns.setCname("trust.routing.example", "cname.localhost");
  const verified = await verifyDomain({ ctx: a.ctx, id: domain.id, resolver: systemResolver({ servers: [dns.address], timeoutMs: ANSWERING_TIMEOUT_MS, tries: 1 }) });
  expect(verified.domain.status).toBe("VERIFIED");
  acme = { slug: a.org.slug, host: "trust.routing.example" };

  const b = await createOrg(undefined, "Other");
  await createControl({ ctx: b.ctx, input: { ref: "XX-01", area: "Other", title: "Another tenant's control", description: "x", status: "IMPLEMENTED", visibility: "PUBLIC" } });
  await publish({ ctx: b.ctx });
  await addDomain({ ctx: b.ctx, input: { hostname: PENDING_HOST } });
  other = { slug: b.org.slug };
});
afterAll(async () => {
  await front.close();
  await dns.close();
});

async function get(path: string, host: string, options: { address?: string; headers?: Record<string, string>; method?: string } = {}) {
  const response = await front.request(path, { ...options, headers: { Host: host, ...options.headers } });
  return { ...response, body: response.body.toString() };
}

describe("tenant hosts", () => {
  it("serve the tenant's trust center at the root of its platform subdomain and its verified custom domain", async () => {
    for (const host of [`${acme.slug}.localhost:3000`, acme.host, `${acme.host.toUpperCase()}.`, `${acme.host}:443`]) {
      const page = await get("/", host);
      expect(page.status, host).toBe(200);
      expect(page.body).toContain("Single sign-on everywhere");
      expect(page.body).not.toContain("Another tenant's control");
      // Links stay on the tenant host: no /t/{slug} prefix.
      expect(page.body).toContain('href="/changelog"');
      expect(page.body).not.toContain(`/t/${acme.slug}`);
      expect(page.headers["set-cookie"]).toBeUndefined();
      expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
    }
    const custom = await get("/", acme.host);
    expect(custom.body).toContain(`<link rel="canonical" href="http://${acme.host}:3000"`);
    const json = await get("/trust.json", acme.host);
    expect(json.status).toBe(200);
    expect(JSON.parse(json.body)).toHaveProperty("hash");
    for (const path of ["/changelog", "/feed.xml", "/verify"]) expect((await get(path, acme.host)).status, path).toBe(200);
    // RFC 9116 on the tenant host itself: its Canonical names the URL it was fetched from.
    const securityTxt = await get("/.well-known/security.txt", acme.host);
    expect(securityTxt.status).toBe(200);
    expect(securityTxt.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(securityTxt.body).toContain(`Canonical: http://${acme.host}:3000/.well-known/security.txt`);
    expect(securityTxt.body).toContain("Contact: mailto:security@routed.example");
    expect((await get("/changelog", acme.host)).body).toContain('href="/"');
  });

  it("never serve the dashboard, auth, the API, another tenant's pages or the ask endpoint's friends", async () => {
    for (const path of ["/dashboard", `/dashboard/${acme.slug}`, "/api/health", "/api/auth/session", "/auth/sign-in", "/login", "/dev/mailbox", `/t/${other.slug}`, `/t/${acme.slug}`, "/invite"]) {
      for (const host of [acme.host, `${acme.slug}.localhost`]) {
        const response = await get(path, host);
        expect(response.status, `${host}${path}`).toBe(404);
        expect(response.body).toBe("Not found\n");
        expect(response.headers["set-cookie"]).toBeUndefined();
      }
    }
    // Uploads and logos are served by Next after the proxy's rewrite; shared static files too.
    expect((await get(`/assets/${"a".repeat(64)}`, acme.host)).status).toBe(418);
    expect((await get("/robots.txt", acme.host)).status).toBe(418);
    // The verify page links the checker script at /verify-candor.mjs on the host it is read on.
    expect((await get("/verify-candor.mjs", acme.host)).status).toBe(418);
  });

  it("unknown, unverified and malformed hosts get a plain 404", async () => {
    for (const host of [PENDING_HOST, "unknown.example", "nobody-at-all.localhost", "a.b.localhost", "bad_host.example", "example.com:notaport", "203.0.113.9", `${other.slug}.localhost.evil.example`]) {
      const response = await get("/", host);
      expect(response.status, host).toBe(404);
      expect(response.headers["set-cookie"]).toBeUndefined();
    }
  });

  it("the app host keeps serving /t/{slug}", async () => {
    const page = await get(`/t/${acme.slug}`, "localhost:3000");
    expect(page.status).toBe(200);
    expect(page.body).toContain(`href="/t/${acme.slug}/changelog"`);
    // Everything else on the app host is Next's.
    expect((await get("/dashboard", "localhost:3000")).status).toBe(418);
  });
});

describe("the TLS ask endpoint", () => {
  it("answers 200 only for hosts Candor serves", async () => {
    const ask = (domain: string) => get(`/internal/tls/ask?domain=${encodeURIComponent(domain)}`, "127.0.0.1:3000");
    expect((await ask(acme.host)).status).toBe(200);
    expect((await ask(`${acme.slug}.localhost`)).status).toBe(200);
    for (const domain of [PENDING_HOST, "unknown.example", "localhost", "127.0.0.1", "nobody-at-all.localhost", ""]) expect((await ask(domain)).status, domain).toBe(404);
    expect((await get("/internal/tls/ask", "127.0.0.1:3000")).status).toBe(404);
    // Forwarded by a proxy, even one on this machine: not Caddy asking.
    for (const header of ["X-Forwarded-For", "Forwarded", "X-Forwarded-Host"]) {
      const forwarded = await get(`/internal/tls/ask?domain=${acme.host}`, "127.0.0.1:3000", { headers: { [header]: header === "Forwarded" ? "for=203.0.113.9" : "203.0.113.9" } });
      expect(forwarded.status, header).toBe(403);
    }
  });

  it("refuses any caller not on this machine, whatever X-Forwarded-For says", async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === "IPv4" && !i.internal)?.address;
    expect(external, "this test needs a non-loopback IPv4 interface").toBeTruthy();
    const response = await get(`/internal/tls/ask?domain=${acme.host}`, "127.0.0.1:3000", { address: external, headers: { "X-Forwarded-For": "127.0.0.1", "X-Real-IP": "127.0.0.1" } });
    expect(response.status).toBe(403);
  });
});
