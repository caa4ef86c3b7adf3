import { describe, expect, it } from "vitest";
import { GET as accessGet, POST as accessPost } from "@/app/t/[slug]/access/route";
import { GET as verifyGet, POST as verifyPost } from "@/app/t/[slug]/access/verify/route";
import { publishNdaVersion } from "@/modules/access/server/settings";
import { withTenant } from "@/server/db/tenant";
import { db } from "@/server/db/client";
import { accessWorld, setSettings } from "../support/access";
import { getOn, mailsTo, postOn, type Visit } from "../support/access-routes";
import { parseHtml, textOf } from "../support/html";

/**
 * The access page and the address check through their route handlers, on a tenant host (as the
 * proxy hands requests over): what a prospect sees, what lands in the outbox, and what an abuser
 * or a cross-site form gets.
 */
const params = (slug: string) => ({ params: Promise.resolve({ slug }) });
const fields = (email: string, extra: [string, string][] = []): [string, string][] => [["email", email], ["fullName", "Pat Buyer"], ["company", "Prospect Inc"], ["reason", "Vendor review"], ...extra];
const requestsOf = (orgId: string) => withTenant({ orgId }, (tx) => tx.accessRequest.findMany({ where: { orgId }, orderBy: { createdAt: "asc" } }));

async function world(name: string, rules?: unknown[]) {
  const w = await accessWorld(name, rules);
  const visit = (ip: string, more: Partial<Visit> = {}): Visit => ({ host: w.host, slug: w.org.slug, ip, ...more });
  return { ...w, visit };
}

describe("the access page", () => {
  it("shows the form with every NDA item ticked, a honeypot, and no cache; nothing for an unknown organisation", async () => {
    const w = await world("Form");
    const response = await accessGet(getOn(w.visit("198.51.100.1"), "/access"), params(w.org.slug));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    const body = await response.text();
    expect(body).toContain('action="/access"');
    expect(body).toContain(`<input type="checkbox" name="items" value="document:${w.docA}" checked> Pen test 2026`);
    expect(body).toContain(`<input type="checkbox" name="items" value="document:${w.docB}" checked> SOC 2 report`);
    expect(body).toContain('name="website" tabindex="-1"');
    expect(body).not.toContain("<script");
    const missing = await accessGet(getOn({ host: "nobody.trust.test", slug: "nobody-here", ip: "198.51.100.1" }, "/access"), params("nobody-here"));
    expect(missing.status).toBe(404);
  });

  it("under a click-through NDA shows the current version's text, sanitised, with an “I agree to version N” box", async () => {
    const w = await world("Nda");
    await setSettings(w, { ndaMode: "CLICK_THROUGH" });
    await publishNdaVersion({ ctx: w.manager, input: { markdown: "# Mutual NDA\n\nKeep it **secret**. <script>alert(1)</script>" } });
    const body = await (await accessGet(getOn(w.visit("198.51.100.2"), "/access"), params(w.org.slug))).text();
    // The NDA's own "# Mutual NDA" sits under the page's h1 "Request access" (issue 16, ADR 034).
    expect(body).toContain("<h2>Mutual NDA</h2>");
    expect(body.match(/<h1[ >]/g)).toHaveLength(1);
    expect(body).toContain("<strong>secret</strong>");
    expect(body).not.toContain("<script>alert");
    expect(body).toContain("I agree to version 1 of this agreement");
  });
});

describe("a request", () => {
  it("stores the request and mails a verification link on the same host; the link's page confirms nothing until its button is pressed", async () => {
    const w = await world("Submit");
    const response = await accessPost(postOn(w.visit("198.51.100.3"), "/access", fields("pat@prospect.example", [["items", `document:${w.docA}`], ["items", `document:${w.docB}`]])), params(w.org.slug));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(await response.text()).toContain("We sent a link to pat@prospect.example.");
    const [row] = await requestsOf(w.org.id);
    expect(row).toMatchObject({ email: "pat@prospect.example", status: "UNVERIFIED", scopeAll: true, host: w.host });
    const [mail] = await mailsTo("pat@prospect.example");
    expect(mail!.template).toBe("access-verify");
    expect(mail!.url.origin).toBe(`http://${w.host}:3000`);
    expect(mail!.url.pathname).toBe("/access/verify");
    const token = mail!.url.searchParams.get("token")!;

    const landing = await verifyGet(getOn(w.visit("198.51.100.3"), `/access/verify?token=${token}`), params(w.org.slug));
    expect(landing.headers.get("referrer-policy")).toBe("no-referrer");
    expect(await landing.text()).toContain(`<input type="hidden" name="token" value="${token}">`);
    expect((await requestsOf(w.org.id))[0]!.status).toBe("UNVERIFIED");

    const confirmed = await verifyPost(postOn(w.visit("198.51.100.3"), "/access/verify", { token }), params(w.org.slug));
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("We emailed you a link that opens the documents on this site.");
    const link = (await mailsTo("pat@prospect.example"))[1]!;
    expect(link.template).toBe("access-link");
    expect(`${link.url.origin}${link.url.pathname}`).toBe(`http://${w.host}:3000/access/open`);

    const reused = await verifyPost(postOn(w.visit("198.51.100.3"), "/access/verify", { token }), params(w.org.slug));
    expect(reused.status).toBe(410);
    expect(await reused.text()).toContain("This link was already used or has expired.");
  });

  it("chosen items only are the scope; an item of another organisation is refused with the form again", async () => {
    const w = await world("Scope");
    const other = await world("Elsewhere");
    await accessPost(postOn(w.visit("198.51.100.4"), "/access", fields("one@prospect.example", [["items", `document:${w.docB}`]])), params(w.org.slug));
    expect((await requestsOf(w.org.id))[0]).toMatchObject({ scopeAll: false, scopeItems: [`document:${w.docB}`] });
    const refused = await accessPost(postOn(w.visit("198.51.100.4"), "/access", fields("two@prospect.example", [["items", `document:${other.docA}`]])), params(w.org.slug));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Choose items listed on this trust center.");
    expect(await requestsOf(w.org.id)).toHaveLength(1);
  });

  it("re-renders the form with the values kept and each message, HTML kept as text, on bad input (422); nothing stored", async () => {
    const w = await world("Invalid");
    const response = await accessPost(postOn(w.visit("198.51.100.5"), "/access", [["email", "not-an-email"], ["fullName", "<img src=x onerror=alert(1)>"], ["company", ""], ["reason", "</textarea><script>x</script>"]]), params(w.org.slug));
    expect(response.status).toBe(422);
    const body = await response.text();
    expect(body).toContain('value="not-an-email"');
    expect(body).toContain('value="&lt;img src=x onerror=alert(1)&gt;"');
    expect(body).toContain("&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;</textarea>");
    expect(body).toContain("Enter company.");
    expect(body).toContain('aria-invalid="true" aria-describedby="email-error"');
    expect(body).toContain("Choose at least one item, or all of them.");
    expect(await requestsOf(w.org.id)).toHaveLength(0);
  });

  it("asks for the NDA to be accepted, and shows the new version when it changed meanwhile (409)", async () => {
    const w = await world("Agree");
    await setSettings(w, { ndaMode: "CLICK_THROUGH" });
    const v1 = await publishNdaVersion({ ctx: w.manager, input: { markdown: "Version one." } });
    const unticked = await accessPost(postOn(w.visit("198.51.100.6"), "/access", fields("a@prospect.example", [["items", `document:${w.docA}`], ["ndaVersionId", v1.id]])), params(w.org.slug));
    expect(unticked.status).toBe(422);
    expect(await unticked.text()).toContain("Tick “I agree” to accept the NDA.");
    await publishNdaVersion({ ctx: w.manager, input: { markdown: "Version two." } });
    const stale = await accessPost(postOn(w.visit("198.51.100.6"), "/access", fields("a@prospect.example", [["items", `document:${w.docA}`], ["ndaVersionId", v1.id], ["ndaAgree", "yes"]])), params(w.org.slug));
    expect(stale.status).toBe(409);
    const body = await stale.text();
    expect(body).toContain("The NDA changed while you were reading it.");
    expect(body).toContain("Version two.");
    expect(await requestsOf(w.org.id)).toHaveLength(0);
  });

  it("a honeypot hit answers exactly as a request does, and stores and mails nothing", async () => {
    const w = await world("Honey");
    const real = await accessPost(postOn(w.visit("198.51.100.7"), "/access", fields("real@prospect.example", [["items", `document:${w.docA}`], ["items", `document:${w.docB}`]])), params(w.org.slug));
    const bot = await accessPost(postOn(w.visit("198.51.100.8"), "/access", fields("real@prospect.example", [["items", `document:${w.docA}`], ["items", `document:${w.docB}`], ["website", "http://spam.example"]])), params(w.org.slug));
    expect(bot.status).toBe(real.status);
    expect(await bot.text()).toBe(await real.text());
    expect(await requestsOf(w.org.id)).toHaveLength(1);
    expect(await mailsTo("real@prospect.example")).toHaveLength(1);
  });

  it("refuses a post from another site (403), an oversized form (413) and a body that is not a form (400), storing nothing", async () => {
    const w = await world("Refuse");
    const crossSite = await accessPost(postOn(w.visit("198.51.100.9", { origin: "https://evil.example" }), "/access", fields("x@prospect.example")), params(w.org.slug));
    expect(crossSite.status).toBe(403);
    const appOrigin = await accessPost(postOn(w.visit("198.51.100.9", { origin: "http://localhost:3000" }), "/access", fields("x@prospect.example")), params(w.org.slug));
    expect(appOrigin.status).toBe(403);
    const huge = await accessPost(postOn(w.visit("198.51.100.9"), "/access", fields("x@prospect.example", [["reason", "x".repeat(200_000)]])), params(w.org.slug));
    expect(huge.status).toBe(413);
    const json = await accessPost(postOn(w.visit("198.51.100.9"), "/access", {}, { "content-type": "application/json" }), params(w.org.slug));
    expect(json.status).toBe(400);
    expect(await requestsOf(w.org.id)).toHaveLength(0);
  });
});

describe("limits", () => {
  it("1,000 submissions from one client: 20 pass the per-client limit, 5 of them to one address, 985 answers are 429 with Retry-After; 15 mails in all; another client still gets through", async () => {
    const w = await world("Storm");
    const statuses: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const response = await accessPost(postOn(w.visit("203.0.113.66"), "/access", fields(i % 2 ? "victim@prospect.example" : `bot${i}@prospect.example`, [["items", `document:${w.docA}`]])), params(w.org.slug));
      statuses.push(response.status);
      if (response.status === 429 && i === 999) {
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(await response.text()).toContain("Too many access requests from here.");
      }
    }
    expect(statuses.filter((s) => s === 200).length).toBe(15);
    expect(statuses.filter((s) => s === 429).length).toBe(985);
    expect(await mailsTo("victim@prospect.example")).toHaveLength(5);
    const stored = await requestsOf(w.org.id);
    expect(stored).toHaveLength(15);
    expect(await db.outboxMessage.count({ where: { template: "access-verify", recipient: { in: stored.map((r) => r.email) } } })).toBe(15);

    const legit = await accessPost(postOn(w.visit("192.0.2.44"), "/access", fields("buyer@customer.example", [["items", `document:${w.docA}`]])), params(w.org.slug));
    expect(legit.status).toBe(200);
    expect(await mailsTo("buyer@customer.example")).toHaveLength(1);
  });

  it("the organisation's hourly mail cap answers a polite 429 and stores nothing more", async () => {
    const w = await world("Capped");
    await setSettings(w, { mailCapPerHour: 2 });
    for (const [i, ip] of ["192.0.2.1", "192.0.2.2"].entries()) {
      expect((await accessPost(postOn(w.visit(ip), "/access", fields(`p${i}@prospect.example`)), params(w.org.slug))).status).toBe(422);
      expect((await accessPost(postOn(w.visit(ip), "/access", fields(`p${i}@prospect.example`, [["items", `document:${w.docA}`]])), params(w.org.slug))).status).toBe(200);
    }
    const capped = await accessPost(postOn(w.visit("192.0.2.3"), "/access", fields("p3@prospect.example", [["items", `document:${w.docA}`]])), params(w.org.slug));
    expect(capped.status).toBe(429);
    expect(Number(capped.headers.get("retry-after"))).toBeGreaterThan(3000);
    expect(await capped.text()).toContain("This trust center has sent too many emails in the last hour.");
    expect(await requestsOf(w.org.id)).toHaveLength(2);
  });
});

describe("the rules decide after the address is confirmed", () => {
  async function confirm(w: Awaited<ReturnType<typeof world>>, email: string, ip: string) {
    await accessPost(postOn(w.visit(ip), "/access", fields(email, [["items", `document:${w.docA}`]])), params(w.org.slug));
    const token = (await mailsTo(email))[0]!.url.searchParams.get("token")!;
    return verifyPost(postOn(w.visit(ip), "/access/verify", { token }), params(w.org.slug));
  }

  it("review: “we'll email you”, and each owner and admin (not the editor or viewer) gets the request by mail, the requester's words as text", async () => {
    const w = await world("Reviewed", [{ match: "FREE_MAIL", decision: "REVIEW" }]);
    const response = await confirm(w, "someone@gmail.com", "192.0.2.10");
    expect(await response.text()).toContain("will review your request and we&#39;ll email you the outcome.");
    const toOwner = await mailsTo(w.owner.email);
    expect(toOwner.map((m) => m.template)).toEqual(["access-review"]);
    expect(toOwner[0]!.props).toMatchObject({ requesterEmail: "someone@gmail.com", fullName: "Pat Buyer", company: "Prospect Inc", url: `http://localhost:3000/dashboard/${w.org.slug}/access` });
    expect((await mailsTo(w.admin.email)).map((m) => m.template)).toEqual(["access-review"]);
    expect(await mailsTo(w.editor.email)).toEqual([]);
    expect(await mailsTo(w.viewer.email)).toEqual([]);
    expect((await mailsTo("someone@gmail.com")).map((m) => m.template)).toEqual(["access-verify"]);
  });

  it("denied: a neutral page, no link, no reviewer mail", async () => {
    const w = await world("Neutral", [{ match: "DISPOSABLE", decision: "DENY" }]);
    const response = await confirm(w, "someone@mailinator.com", "192.0.2.11");
    const text = textOf(parseHtml(await response.text()));
    expect(text).toContain("cannot share these documents through this page");
    expect(text).not.toMatch(/denied|disposable|rule/i);
    expect((await mailsTo("someone@mailinator.com")).map((m) => m.template)).toEqual(["access-verify"]);
    expect(await mailsTo(w.owner.email)).toEqual([]);
  });

  it("a verification token of one organisation does nothing on another's host", async () => {
    const a = await world("TokenA");
    const b = await world("TokenB");
    await accessPost(postOn(a.visit("192.0.2.12"), "/access", fields("x@prospect.example", [["items", `document:${a.docA}`]])), params(a.org.slug));
    const token = (await mailsTo("x@prospect.example"))[0]!.url.searchParams.get("token")!;
    const elsewhere = await verifyPost(postOn(b.visit("192.0.2.12"), "/access/verify", { token }), params(b.org.slug));
    expect(elsewhere.status).toBe(410);
    expect((await requestsOf(a.org.id))[0]!.status).toBe("UNVERIFIED");
  });
});
