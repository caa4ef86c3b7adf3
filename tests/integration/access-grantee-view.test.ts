import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as trustGet } from "@/app/t/[slug]/route";
import { POST as ndaPost } from "@/app/t/[slug]/access/nda/route";
import { POST as accessPost } from "@/app/t/[slug]/access/route";
import { POST as verifyPost } from "@/app/t/[slug]/access/verify/route";
import { POST as openPost } from "@/app/t/[slug]/access/open/route";
import { revokeGrant } from "@/modules/access/server/review";
import { publishNdaVersion } from "@/modules/access/server/settings";
import { trustPage } from "@/modules/publishing/server/surfaces";
import { withTenant } from "@/server/db/tenant";
import { accessWorld, setSettings } from "../support/access";
import { getOn, mailsTo, postOn, type Visit } from "../support/access-routes";
import { startFrontServer } from "../support/front-server";

/**
 * The grantee's own trust page: what the grant unlocks, the banner, no cache; the anonymous page
 * unchanged beside it; another organisation's cookie, a revoked grant and a new NDA version; and
 * the production fast path, which never answers (nor keeps) a request carrying the cookie.
 */
const params = (slug: string) => ({ params: Promise.resolve({ slug }) });

async function granted(name: string, items: string[] | "all" = "all", existing?: Awaited<ReturnType<typeof accessWorld>>) {
  const w = existing ?? (await accessWorld(name));
  const email = `buyer-${name.toLowerCase()}@prospect.example`;
  const visit: Visit = { host: w.host, slug: w.org.slug, ip: "198.51.100.70" };
  const chosen = items === "all" ? [`document:${w.docA}`, `document:${w.docB}`] : items;
  await accessPost(postOn(visit, "/access", [["email", email], ["fullName", "Pat Buyer"], ["company", "Prospect Inc"], ...chosen.map((i): [string, string] => ["items", i])]), params(w.org.slug));
  await verifyPost(postOn(visit, "/access/verify", { token: (await mailsTo(email))[0]!.url.searchParams.get("token")! }), params(w.org.slug));
  const link = (await mailsTo(email)).find((m) => m.template === "access-link")!.url.searchParams.get("token")!;
  const opened = await openPost(postOn(visit, "/access/open", { token: link }), params(w.org.slug));
  const token = /^candor-grantee=([0-9a-f]{64});/.exec(opened.headers.get("set-cookie")!)![1]!;
  return { ...w, email, visit, token, cookie: `candor-grantee=${token}` };
}

/** A grant of document B only (the checkboxes of A unticked). */
async function grantedChosen(name: string) {
  const w = await accessWorld(name);
  return granted(name, [`document:${w.docB}`], w);
}

const anonymousBytes = async (visit: Visit) => Buffer.from(await (await trustPage(getOn(visit, ""), visit.slug, visit.host)).arrayBuffer());

describe("the grantee's trust page", () => {
  it("unlocks the granted NDA items with links to their downloads, shows who and until when, and is private, no-store, Vary: Accept-Language, Cookie", async () => {
    const w = await granted("Viewer");
    const response = await trustGet(getOn({ ...w.visit, cookie: w.cookie }, ""), params(w.org.slug));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("vary")).toBe("Accept-Language, Cookie");
    expect(response.headers.get("etag")).toBeNull();
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    const body = await response.text();
    expect(body).toContain(`Signed in as <strong>${w.email}</strong>`);
    const grant = await withTenant({ orgId: w.org.id }, (tx) => tx.accessGrant.findFirstOrThrow({ where: { orgId: w.org.id } }));
    expect(body).toContain(`Access until <time datetime="${grant.expiresAt.toISOString().slice(0, 10)}">`);
    expect(body).toContain('<form method="post" action="/access/sign-out"><button type="submit">Sign out</button></form>');
    expect(body).toContain(`<a href="/access/documents/${w.docA}">Download</a>`);
    expect(body).toContain(`<a href="/access/documents/${w.docB}">Download</a>`);
    expect(body).not.toContain('<a href="/access">Request access</a>');
    expect(body).not.toContain("<script>");
  });

  it("leaves the anonymous page byte for byte as it was, with its public caching and the same “Request access” link for everyone", async () => {
    const w = await granted("Anonymous");
    const before = await anonymousBytes(w.visit);
    const anonymous = await trustGet(getOn(w.visit, ""), params(w.org.slug));
    expect(anonymous.headers.get("cache-control")).toBe("public, max-age=10, stale-while-revalidate=50");
    const bytes = Buffer.from(await anonymous.arrayBuffer());
    expect(bytes.equals(before)).toBe(true);
    expect(bytes.toString()).toContain('Shared under NDA: <a href="/access">Request access</a>');
    expect(bytes.toString()).not.toContain("Signed in as");
    expect(bytes.toString()).not.toContain(w.email);
    const onAppHost = await trustGet(new Request(`http://localhost:3000/t/${w.org.slug}`), params(w.org.slug));
    expect(await onAppHost.text()).toContain(`Shared under NDA: <a href="/t/${w.org.slug}/access">Request access</a>`);
  });

  it("a grant of chosen items unlocks those only", async () => {
    const w = await grantedChosen("Chosen");
    const body = await (await trustGet(getOn({ ...w.visit, cookie: w.cookie }, ""), params(w.org.slug))).text();
    expect(body).toContain(`<a href="/access/documents/${w.docB}">Download</a>`);
    expect(body).not.toContain(`/access/documents/${w.docA}`);
    expect(body).toContain('Shared under NDA: <a href="/access">Request access</a>');
  });

  it("a cookie of organisation A forged onto B's host, or onto A's other hosts, shows the anonymous page: nothing of A, nothing extra of B", async () => {
    const a = await granted("ForgerA");
    const b = await accessWorld("VictimB");
    const bVisit: Visit = { host: b.host, slug: b.org.slug, ip: "198.51.100.71" };
    const forged = await trustGet(getOn({ ...bVisit, cookie: a.cookie }, ""), params(b.org.slug));
    expect(forged.headers.get("cache-control")).toBe("public, max-age=10, stale-while-revalidate=50");
    const bytes = Buffer.from(await forged.arrayBuffer());
    expect(bytes.equals(await anonymousBytes(bVisit))).toBe(true);
    expect(bytes.toString()).not.toContain(a.email);
    const appHost = await trustGet(new Request(`http://localhost:3000/t/${a.org.slug}`, { headers: { cookie: a.cookie } }), params(a.org.slug));
    expect(await appHost.text()).not.toContain("Signed in as");
    const otherHostOfA = await trustGet(getOn({ ...a.visit, host: `www.${a.host}`, cookie: a.cookie }, ""), params(a.org.slug));
    expect(await otherHostOfA.text()).not.toContain("Signed in as");
  });

  it("a revoked grant: the very next request is the anonymous page", async () => {
    const w = await granted("Revoked");
    expect(await (await trustGet(getOn({ ...w.visit, cookie: w.cookie }, ""), params(w.org.slug))).text()).toContain("Signed in as");
    const grant = await withTenant({ orgId: w.org.id }, (tx) => tx.accessGrant.findFirstOrThrow({ where: { orgId: w.org.id } }));
    await revokeGrant({ ctx: await w.as(w.owner, "access.review"), input: { grantId: grant.id, version: grant.version } });
    const after = await trustGet(getOn({ ...w.visit, cookie: w.cookie }, ""), params(w.org.slug));
    expect(await after.text()).not.toContain("Signed in as");
    expect(after.headers.get("cache-control")).toBe("public, max-age=10, stale-while-revalidate=50");
  });

  it("a new NDA version that asks grantees to accept again: the NDA form first, then the items", async () => {
    const w = await granted("Reaccept");
    await setSettings(w, { ndaMode: "CLICK_THROUGH" });
    const v2 = await publishNdaVersion({ ctx: w.manager, input: { markdown: "New **terms**.", requireReacceptance: true } });
    const page = await trustGet(getOn({ ...w.visit, cookie: w.cookie }, ""), params(w.org.slug));
    expect(page.headers.get("cache-control")).toBe("private, no-store");
    const body = await page.text();
    expect(body).toContain("New <strong>terms</strong>.");
    expect(body).toContain("I agree to version 1 of this agreement");
    expect(body).not.toContain("/access/documents/");
    const unticked = await ndaPost(postOn({ ...w.visit, cookie: w.cookie }, "/access/nda", { ndaVersionId: v2.id }), params(w.org.slug));
    expect(unticked.status).toBe(422);
    const noSession = await ndaPost(postOn(w.visit, "/access/nda", { ndaVersionId: v2.id, ndaAgree: "yes" }), params(w.org.slug));
    expect(noSession.status).toBe(401);
    const accepted = await ndaPost(postOn({ ...w.visit, cookie: w.cookie }, "/access/nda", { ndaVersionId: v2.id, ndaAgree: "yes" }), params(w.org.slug));
    expect(accepted.status).toBe(303);
    expect(await (await trustGet(getOn({ ...w.visit, cookie: w.cookie }, ""), params(w.org.slug))).text()).toContain(`/access/documents/${w.docA}`);
  });
});

describe("the production fast path with a grantee cookie", () => {
  let front: Awaited<ReturnType<typeof startFrontServer>>;
  beforeAll(async () => {
    front = await startFrontServer();
  });
  afterAll(() => front.close());

  it("declines (falls through to the app) whenever the cookie is present, under either name, on the app host and on a tenant host; anonymous requests are still served", async () => {
    const w = await accessWorld("Fast");
    const host = `${w.org.slug}.localhost`;
    const anonymous = await front.request(`/t/${w.org.slug}`);
    expect(anonymous.status).toBe(200);
    const warm = await front.request("/", { headers: { host } });
    expect(warm.status).toBe(200);
    for (const cookie of [`candor-grantee=${"a".repeat(64)}`, `__Host-candor-grantee=${"b".repeat(64)}`, `x=1; candor-grantee=${"c".repeat(64)}`]) {
      expect((await front.request(`/t/${w.org.slug}`, { headers: { cookie } })).status).toBe(418);
      expect((await front.request("/", { headers: { host, cookie } })).status).toBe(418);
      expect((await front.request("/trust.json", { headers: { host, cookie } })).status).toBe(418);
    }
    const again = await front.request(`/t/${w.org.slug}`);
    expect(again.status).toBe(200);
    expect(again.body.equals(anonymous.body)).toBe(true);
    expect((await front.request(`/t/${w.org.slug}`, { headers: { cookie: "candor-grantees=1; notcandor-grantee=1" } })).status).toBe(200);
  });
});
