import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { POST as accessPost } from "@/app/t/[slug]/access/route";
import { POST as verifyPost } from "@/app/t/[slug]/access/verify/route";
import { GET as openGet, POST as openPost } from "@/app/t/[slug]/access/open/route";
import { GET as newLinkGet, POST as newLinkPost } from "@/app/t/[slug]/access/new-link/route";
import { POST as signOutPost } from "@/app/t/[slug]/access/sign-out/route";
import { resolveGranteeSession } from "@/modules/access/server/sessions";
import { withTenant } from "@/server/db/tenant";
import { proxy } from "@/proxy";
import { accessWorld, publicCtx } from "../support/access";
import { getOn, mailsTo, postOn, type Visit } from "../support/access-routes";

/**
 * The access link, the grantee cookie, "email me a new link" and signing out, through their route
 * handlers on a tenant host; and Next's proxy, which lets only the grantee cookie through to a
 * tenant host's routes.
 */
const params = (slug: string) => ({ params: Promise.resolve({ slug }) });

async function approved(name: string) {
  const email = `pat-${name.toLowerCase()}@prospect.example`;
  const w = await accessWorld(name);
  const visit: Visit = { host: w.host, slug: w.org.slug, ip: "198.51.100.40" };
  await accessPost(postOn(visit, "/access", [["email", email], ["fullName", "Pat Buyer"], ["company", "Prospect Inc"], ["items", `document:${w.docA}`], ["items", `document:${w.docB}`]]), params(w.org.slug));
  const token = (await mailsTo(email))[0]!.url.searchParams.get("token")!;
  await verifyPost(postOn(visit, "/access/verify", { token }), params(w.org.slug));
  const link = (await mailsTo(email)).find((m) => m.template === "access-link")!;
  return { ...w, email, visit, link: link.url, linkToken: link.url.searchParams.get("token")! };
}

const cookieToken = (setCookie: string) => /^candor-grantee=([0-9a-f]{64});/.exec(setCookie)?.[1];

describe("the access link", () => {
  it("its page only shows a button; the POST sets a host-only HttpOnly SameSite=Lax cookie and sends the browser to the trust page", async () => {
    const w = await approved("Opened");
    const page = await openGet(getOn(w.visit, `/access/open?token=${w.linkToken}`), params(w.org.slug));
    expect(page.status).toBe(200);
    expect(page.headers.get("set-cookie")).toBeNull();
    expect(await page.text()).toContain(`<form method="post" action="/access/open"><input type="hidden" name="token" value="${w.linkToken}">`);
    expect(await withTenant({ orgId: w.org.id }, (tx) => tx.granteeSession.count({ where: { orgId: w.org.id } }))).toBe(0);

    const opened = await openPost(postOn(w.visit, "/access/open", { token: w.linkToken }), params(w.org.slug));
    expect(opened.status).toBe(303);
    expect(opened.headers.get("location")).toBe(`http://${w.host}:3000/?signed-in`);
    expect(opened.headers.get("cache-control")).toBe("private, no-store");
    const setCookie = opened.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^candor-grantee=[0-9a-f]{64}; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    expect(setCookie).not.toMatch(/domain=/i);
    const token = cookieToken(setCookie)!;
    expect(await resolveGranteeSession({ ctx: w.pub, token })).toMatchObject({ email: w.email, scope: { all: true } });

    const again = await openPost(postOn(w.visit, "/access/open", { token: w.linkToken }), params(w.org.slug));
    expect(again.status).toBe(410);
    expect(again.headers.get("set-cookie")).toBeNull();
    expect(await again.text()).toContain('<a href="/access/new-link">Email me a new link</a>');
  });

  it("works only on the host it was made for, and only from that host's own pages", async () => {
    const w = await approved("Bound");
    const other = await accessWorld("Stranger");
    const elsewhere = await openPost(postOn({ host: other.host, slug: other.org.slug, ip: "198.51.100.40" }, "/access/open", { token: w.linkToken }), params(other.org.slug));
    expect(elsewhere.status).toBe(410);
    const appHost = await openPost(postOn({ host: w.host, slug: w.org.slug, ip: "198.51.100.40", origin: "http://localhost:3000" }, "/access/open", { token: w.linkToken }), params(w.org.slug));
    expect(appHost.status).toBe(403);
    const crossSite = await openPost(postOn({ ...w.visit, origin: "https://evil.example" }, "/access/open", { token: w.linkToken }), params(w.org.slug));
    expect(crossSite.status).toBe(403);
    expect((await openPost(postOn(w.visit, "/access/open", { token: w.linkToken }), params(w.org.slug))).status).toBe(303);
  });
});

describe("email me a new link", () => {
  it("answers the same for an address with a grant and one without; only the grantee is mailed, with a link for this host", async () => {
    const w = await approved("Again");
    expect((await newLinkGet(getOn(w.visit, "/access/new-link"), params(w.org.slug))).status).toBe(200);
    const granted = await newLinkPost(postOn({ ...w.visit, ip: "192.0.2.50" }, "/access/new-link", { email: w.email }), params(w.org.slug));
    const stranger = await newLinkPost(postOn({ ...w.visit, ip: "192.0.2.51" }, "/access/new-link", { email: "nobody@prospect.example" }), params(w.org.slug));
    expect([granted.status, stranger.status]).toEqual([200, 200]);
    expect(await granted.text()).toBe(await stranger.text());
    const links = (await mailsTo(w.email)).filter((m) => m.template === "access-link");
    expect(links).toHaveLength(2);
    expect(`${links[1]!.url.origin}${links[1]!.url.pathname}`).toBe(`http://${w.host}:3000/access/open`);
    expect(await mailsTo("nobody@prospect.example")).toEqual([]);
    const invalid = await newLinkPost(postOn({ ...w.visit, ip: "192.0.2.52" }, "/access/new-link", { email: "<b>x</b>" }), params(w.org.slug));
    expect(invalid.status).toBe(422);
    expect(await invalid.text()).toContain('value="&lt;b&gt;x&lt;/b&gt;"');
  });

  it("is limited per address: a fourth request within the hour is a 429, and no more mail goes out", async () => {
    const w = await approved("Flood");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await newLinkPost(postOn({ ...w.visit, ip: `192.0.2.${60 + i}` }, "/access/new-link", { email: w.email }), params(w.org.slug))).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    expect((await mailsTo(w.email)).filter((m) => m.template === "access-link")).toHaveLength(4);
  });
});

describe("signing out", () => {
  it("ends the session and clears the cookie; a forged or absent cookie still just clears it", async () => {
    const w = await approved("Leave");
    const token = cookieToken((await openPost(postOn(w.visit, "/access/open", { token: w.linkToken }), params(w.org.slug))).headers.get("set-cookie")!)!;
    const out = await signOutPost(postOn({ ...w.visit, cookie: `candor-grantee=${token}` }, "/access/sign-out", {}), params(w.org.slug));
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe(`http://${w.host}:3000/?signed-out`);
    expect(out.headers.get("set-cookie")).toBe("candor-grantee=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    expect(await resolveGranteeSession({ ctx: await publicCtx(w.org.slug, w.host), token })).toBeNull();
    const forged = await signOutPost(postOn({ ...w.visit, cookie: `candor-grantee=${"f".repeat(64)}` }, "/access/sign-out", {}), params(w.org.slug));
    expect(forged.status).toBe(303);
    const crossSite = await signOutPost(postOn({ ...w.visit, origin: "https://evil.example", cookie: `candor-grantee=${token}` }, "/access/sign-out", {}), params(w.org.slug));
    expect(crossSite.status).toBe(403);
  });
});

describe("Next's proxy on a tenant host", () => {
  it("passes on the grantee cookie alone: a member's session cookie, or any other, never reaches a tenant host's routes", async () => {
    const rewrite = async (cookie: string | null) => {
      const response = await proxy(new NextRequest("http://acme.localhost:3000/access", { headers: { host: "acme.localhost:3000", ...(cookie ? { cookie } : {}) } }));
      const overridden = (response.headers.get("x-middleware-override-headers") ?? "").split(",");
      return { rewrite: response.headers.get("x-middleware-rewrite"), cookie: overridden.includes("cookie") ? response.headers.get("x-middleware-request-cookie") : null };
    };
    // The rewrite is to Next's own origin (the bind address, 127.0.0.1 here), so Next keeps it internal
    // with these headers, rather than proxying it over HTTP as the app host.
    expect(await rewrite(`candor.session=member; candor-grantee=${"a".repeat(64)}; __Host-candor.session=x; tracking=1`)).toEqual({ rewrite: "http://127.0.0.1:3000/t/acme/access", cookie: `candor-grantee=${"a".repeat(64)}` });
    expect(await rewrite("candor.session=member; __Host-candor.session=x")).toEqual({ rewrite: "http://127.0.0.1:3000/t/acme/access", cookie: null });
    expect((await rewrite(null)).cookie).toBeNull();
  });
});
