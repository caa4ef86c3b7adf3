import { afterEach, describe, expect, it } from "vitest";
import { GET as subscribeGet, POST as subscribePost } from "@/app/t/[slug]/subscribe/route";
import { GET as confirmGet, POST as confirmPost } from "@/app/t/[slug]/subscribe/confirm/route";
import { GET as manageGet, POST as managePost } from "@/app/t/[slug]/subscribe/manage/route";
import { GET as unsubscribeGet, POST as unsubscribePost } from "@/app/t/[slug]/unsubscribe/route";
import { subscriberLinks } from "@/modules/subscribers/server/links";
import { setClock } from "@/server/clock";
import { withTenant } from "@/server/db/tenant";
import { accessWorld, auditOf } from "../support/access";
import { getOn, hostUrl, mailsTo, postOn, type Visit } from "../support/access-routes";
import { fromClient } from "../support/requests";

/**
 * The subscription lifecycle through its route handlers on a tenant host (issue 13, ADR 030):
 * subscribe → confirm (by POST only) → manage → unsubscribe (also RFC 8058 one-click), what
 * lands in the outbox, and what another organisation, a tamperer, a bot or a flood gets.
 */
const params = (slug: string) => ({ params: Promise.resolve({ slug }) });
afterEach(() => setClock());

async function world(name: string) {
  const w = await accessWorld(name);
  const visit = (ip: string, more: Partial<Visit> = {}): Visit => ({ host: w.host, slug: w.org.slug, ip, ...more });
  return { ...w, visit };
}
const subscribersOf = (orgId: string) => withTenant({ orgId }, (tx) => tx.subscriber.findMany({ where: { orgId }, orderBy: { createdAt: "asc" } }));
const sub = (email: string, topics: string[] = ["all"], extra: [string, string][] = []): [string, string][] => [["email", email], ...topics.map((t): [string, string] => ["topics", t]), ...extra];
const tokenOfMail = (mail: { url: URL }) => mail.url.searchParams.get("token")!;
/** The path and query of an absolute link, for the test's request helpers. */
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

async function subscribeAndConfirm(w: Awaited<ReturnType<typeof world>>, email: string, ip: string, topics: string[] = ["all"]) {
  await subscribePost(postOn(w.visit(ip), "/subscribe", sub(email, topics)), params(w.org.slug));
  const mail = (await mailsTo(email)).at(-1)!;
  const confirmed = await confirmPost(postOn(w.visit(ip), "/subscribe/confirm", { token: tokenOfMail(mail) }), params(w.org.slug));
  expect(confirmed.status).toBe(200);
  const [row] = (await subscribersOf(w.org.id)).filter((s) => s.email === email);
  return row!;
}

describe("subscribing", () => {
  it("stores a PENDING subscriber with a hashed 48-hour token and consent evidence, mails a link on the same host; the link's GET confirms nothing, its POST confirms once", async () => {
    const w = await world("Lifecycle");
    const response = await subscribePost(postOn(w.visit("198.51.100.10"), "/subscribe", sub("Sam@Customer.example", ["security", "subprocessors"])), params(w.org.slug));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await response.text()).toContain("If sam@customer.example can be subscribed, we sent it a link.");
    const [row] = await subscribersOf(w.org.id);
    expect(row).toMatchObject({ email: "sam@customer.example", status: "PENDING", topics: ["SECURITY", "SUBPROCESSORS"], host: w.host, ipAddress: "198.51.100.0", userAgent: "Mozilla/5.0 (prospect)", confirmedAt: null });
    expect(row!.confirmTokenHash).toMatch(/^[0-9a-f]{64}$/);
    const hours = (row!.confirmExpiresAt!.getTime() - row!.createdAt.getTime()) / 3_600_000;
    expect(hours).toBeGreaterThan(47.9);
    expect(hours).toBeLessThanOrEqual(48);

    const [mail] = await mailsTo("sam@customer.example");
    expect(mail!.template).toBe("subscriber-confirm");
    expect(mail!.props.topics).toEqual(["Security and incidents", "Subprocessors"]);
    expect(`${mail!.url.origin}${mail!.url.pathname}`).toBe(`http://${w.host}:3000/subscribe/confirm`);
    const token = tokenOfMail(mail!);
    expect(row!.confirmTokenHash).not.toBe(token);

    // A mail scanner prefetches the link: a page with a button, nothing changes.
    for (let i = 0; i < 3; i++) {
      const landing = await confirmGet(getOn(w.visit("198.51.100.10"), `/subscribe/confirm?token=${token}`), params(w.org.slug));
      expect(landing.status).toBe(200);
      expect(landing.headers.get("referrer-policy")).toBe("no-referrer");
      expect(await landing.text()).toContain(`<input type="hidden" name="token" value="${token}">`);
    }
    expect((await subscribersOf(w.org.id))[0]!.status).toBe("PENDING");

    const confirmed = await confirmPost(postOn(w.visit("198.51.100.10"), "/subscribe/confirm", { token }), params(w.org.slug));
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("You are subscribed");
    const [after] = await subscribersOf(w.org.id);
    expect(after).toMatchObject({ status: "CONFIRMED", confirmTokenHash: null, confirmExpiresAt: null });
    expect(after!.confirmedAt).not.toBeNull();
    expect(await auditOf(w.org.id, "subscriber.")).toEqual([
      { action: "subscriber.confirmed", targetId: after!.id, actorEmail: null, ipAddress: "198.51.100.0", diff: expect.anything() },
    ]);

    const reused = await confirmPost(postOn(w.visit("198.51.100.10"), "/subscribe/confirm", { token }), params(w.org.slug));
    expect(reused.status).toBe(410);
    expect(await reused.text()).toContain("This confirmation link was already used or has expired.");
  });

  it("an expired confirmation link is a 410 with the way to ask again; the address stays PENDING and gets nothing else", async () => {
    const w = await world("Expiry");
    await subscribePost(postOn(w.visit("198.51.100.11"), "/subscribe", sub("late@customer.example")), params(w.org.slug));
    const token = tokenOfMail((await mailsTo("late@customer.example"))[0]!);
    setClock(() => Date.now() + 48 * 3_600_000 + 1000);
    const expired = await confirmPost(postOn(w.visit("198.51.100.11"), "/subscribe/confirm", { token }), params(w.org.slug));
    expect(expired.status).toBe(410);
    const body = await expired.text();
    expect(body).toContain("This confirmation link has expired. Subscribe again on the trust center to get a new one.");
    expect(body).toContain(`<a href="/subscribe">Subscribe again</a>`);
    expect((await subscribersOf(w.org.id))[0]!.status).toBe("PENDING");
    expect(await mailsTo("late@customer.example")).toHaveLength(1);
  });

  it("answers the same for a new, a pending and a confirmed address; the confirmed one gets its manage link, not a new confirmation", async () => {
    const w = await world("NoEnum");
    await subscribeAndConfirm(w, "known@customer.example", "198.51.100.12");
    const known = await subscribePost(postOn(w.visit("198.51.100.13"), "/subscribe", sub("known@customer.example")), params(w.org.slug));
    const fresh = await subscribePost(postOn(w.visit("198.51.100.13"), "/subscribe", sub("fresh@customer.example")), params(w.org.slug));
    expect(known.status).toBe(fresh.status);
    expect((await known.text()).replace("known@", "X@")).toBe((await fresh.text()).replace("fresh@", "X@"));
    const mails = await mailsTo("known@customer.example");
    expect(mails.map((m) => m.template)).toEqual(["subscriber-confirm", "subscriber-manage"]);
    expect(mails[1]!.url.pathname).toBe("/subscribe/manage");
    expect((await subscribersOf(w.org.id)).find((s) => s.email === "known@customer.example")!.status).toBe("CONFIRMED");
  });

  it("the form on /subscribe, and on bad input the form again with the values kept and HTML escaped (422), nothing stored", async () => {
    const w = await world("Invalid");
    const form = await subscribeGet(getOn(w.visit("198.51.100.14"), "/subscribe"), params(w.org.slug));
    expect(form.status).toBe(200);
    const page = await form.text();
    expect(page).toContain('<form method="post" action="/subscribe" novalidate>');
    expect(page).toContain('<input type="checkbox" name="topics" value="all" checked> All topics');
    expect(page).not.toContain("<script");
    const bad = await subscribePost(postOn(w.visit("198.51.100.14"), "/subscribe", [["email", '"><script>alert(1)</script>'], ["topics", "<b>x</b>"]]), params(w.org.slug));
    expect(bad.status).toBe(422);
    const body = await bad.text();
    expect(body).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(body).not.toContain("<script>alert(1)");
    expect(body).not.toContain("<b>x</b>");
    expect(body).toContain('aria-invalid="true" aria-describedby="email-error"');
    const none = await subscribePost(postOn(w.visit("198.51.100.14"), "/subscribe", [["email", "ok@customer.example"]]), params(w.org.slug));
    expect(none.status).toBe(422);
    expect(await none.text()).toContain("Choose at least one topic.");
    expect(await subscribersOf(w.org.id)).toHaveLength(0);
  });

  it("a honeypot hit answers exactly as a subscription does, and stores and mails nothing", async () => {
    const w = await world("Honey");
    const real = await subscribePost(postOn(w.visit("198.51.100.15"), "/subscribe", sub("real@customer.example")), params(w.org.slug));
    const bot = await subscribePost(postOn(w.visit("198.51.100.16"), "/subscribe", sub("real@customer.example", ["all"], [["website", "http://spam.example"]])), params(w.org.slug));
    expect(bot.status).toBe(real.status);
    expect(await bot.text()).toBe(await real.text());
    expect(await subscribersOf(w.org.id)).toHaveLength(1);
    expect(await mailsTo("real@customer.example")).toHaveLength(1);
  });

  it("refuses a post from another site (403), an oversized form (413), a body that is not a form (400), storing nothing; an unknown organisation is a 404", async () => {
    const w = await world("Refuse");
    const crossSite = await subscribePost(postOn(w.visit("198.51.100.17", { origin: "https://evil.example" }), "/subscribe", sub("x@customer.example")), params(w.org.slug));
    expect(crossSite.status).toBe(403);
    const noOrigin = await subscribePost(postOn(w.visit("198.51.100.17", { origin: null }), "/subscribe", sub("x@customer.example")), params(w.org.slug));
    expect(noOrigin.status).toBe(403);
    const huge = await subscribePost(postOn(w.visit("198.51.100.17"), "/subscribe", sub("x@customer.example", ["all"], [["email2", "x".repeat(40_000)]])), params(w.org.slug));
    expect(huge.status).toBe(413);
    const json = await subscribePost(postOn(w.visit("198.51.100.17"), "/subscribe", {}, { "content-type": "application/json" }), params(w.org.slug));
    expect(json.status).toBe(400);
    expect(await subscribersOf(w.org.id)).toHaveLength(0);
    const missing = await subscribePost(postOn({ host: "nobody.trust.test", slug: "nobody-here", ip: "198.51.100.17" }, "/subscribe", sub("x@customer.example")), params("nobody-here"));
    expect(missing.status).toBe(404);
  });

  it("rate limits: 3 subscriptions an hour for one address (then 429 with Retry-After, no more mail), 20 per client address", async () => {
    const w = await world("Limits");
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await subscribePost(postOn(w.visit(`198.51.100.${30 + i}`), "/subscribe", sub("victim@customer.example")), params(w.org.slug))).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(await mailsTo("victim@customer.example")).toHaveLength(3);
    const perIp: number[] = [];
    for (let i = 0; i < 22; i++) perIp.push((await subscribePost(postOn(w.visit("203.0.113.99"), "/subscribe", sub(`bot${i}@customer.example`)), params(w.org.slug))).status);
    expect(perIp.filter((s) => s === 200)).toHaveLength(20);
    const last = await subscribePost(postOn(w.visit("203.0.113.99"), "/subscribe", sub("one-more@customer.example")), params(w.org.slug));
    expect(last.status).toBe(429);
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("another organisation", () => {
  it("a confirmation token of one organisation is refused on another's host (410), and stays usable on its own", async () => {
    const a = await world("Alpha");
    const b = await world("Bravo");
    await subscribePost(postOn(a.visit("198.51.100.40"), "/subscribe", sub("cross@customer.example")), params(a.org.slug));
    const token = tokenOfMail((await mailsTo("cross@customer.example"))[0]!);
    const elsewhere = await confirmPost(postOn(b.visit("198.51.100.40"), "/subscribe/confirm", { token }), params(b.org.slug));
    expect(elsewhere.status).toBe(410);
    expect(await subscribersOf(b.org.id)).toHaveLength(0);
    const home = await confirmPost(postOn(a.visit("198.51.100.40"), "/subscribe/confirm", { token }), params(a.org.slug));
    expect(home.status).toBe(200);
  });

  it("a signed manage or unsubscribe link of one organisation's subscriber is a 404 on another's host, and changes nothing", async () => {
    const a = await world("Charlie");
    const b = await world("Delta");
    const row = await subscribeAndConfirm(a, "held@customer.example", "198.51.100.41");
    const links = subscriberLinks({ host: a.host, subscriberId: row.id });
    const manage = await manageGet(getOn(b.visit("198.51.100.41"), pathOf(links.manage)), params(b.org.slug));
    expect(manage.status).toBe(404);
    expect(await manage.text()).not.toContain("held@customer.example");
    const oneClick = await unsubscribePost(postOn(b.visit("198.51.100.41", { origin: null }), pathOf(links.unsubscribe), { "List-Unsubscribe": "One-Click" }), params(b.org.slug));
    expect(oneClick.status).toBe(404);
    expect((await subscribersOf(a.org.id))[0]!.status).toBe("CONFIRMED");
  });
});

describe("manage and unsubscribe by signed link", () => {
  it("subscriberLinks gives absolute URLs on the host, or under /t/{slug}", async () => {
    const w = await world("Links");
    const row = await subscribeAndConfirm(w, "links@customer.example", "198.51.100.50");
    const onHost = subscriberLinks({ host: w.host, subscriberId: row.id });
    expect(onHost.manage).toMatch(new RegExp(`^http://${w.host.replace(/\./g, "\\.")}:3000/subscribe/manage\\?s=${row.id}\\.[A-Za-z0-9_-]{43}$`));
    expect(onHost.unsubscribe).toMatch(new RegExp(`^http://${w.host.replace(/\./g, "\\.")}:3000/unsubscribe\\?s=${row.id}\\.[A-Za-z0-9_-]{43}$`));
    const onApp = subscriberLinks({ host: "localhost", slug: w.org.slug, subscriberId: row.id });
    expect(onApp.unsubscribe.startsWith(`http://localhost:3000/t/${w.org.slug}/unsubscribe?s=${row.id}.`)).toBe(true);
    expect(new URL(onHost.manage).searchParams.get("s")).not.toBe(new URL(onHost.unsubscribe).searchParams.get("s"));
  });

  it("the manage page shows the topics and saves new ones (audited); a tampered, truncated or other-purpose token is a 404", async () => {
    const w = await world("Manage");
    const row = await subscribeAndConfirm(w, "pref@customer.example", "198.51.100.51", ["security"]);
    const links = subscriberLinks({ host: w.host, subscriberId: row.id });
    const page = await manageGet(getOn(w.visit("198.51.100.51"), pathOf(links.manage)), params(w.org.slug));
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("private, no-store");
    const html = await page.text();
    expect(html).toContain("Subscribed as <strong>pref@customer.example</strong>");
    expect(html).toContain('<input type="checkbox" name="topics" value="security" checked> Security and incidents');
    expect(html).toContain('<input type="checkbox" name="topics" value="general"> General updates');

    const saved = await managePost(postOn(w.visit("198.51.100.51"), pathOf(links.manage), [["topics", "general"], ["topics", "certifications"]]), params(w.org.slug));
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("Your topics are saved.");
    expect((await subscribersOf(w.org.id))[0]!.topics).toEqual(["CERTIFICATIONS", "GENERAL"]);
    expect((await auditOf(w.org.id, "subscriber.")).map((e) => e.action)).toEqual(["subscriber.confirmed", "subscriber.preferences"]);

    const none = await managePost(postOn(w.visit("198.51.100.51"), pathOf(links.manage), [["topics", "nonsense"]]), params(w.org.slug));
    expect(none.status).toBe(422);
    const crossSite = await managePost(postOn(w.visit("198.51.100.51", { origin: "https://evil.example" }), pathOf(links.manage), [["topics", "all"]]), params(w.org.slug));
    expect(crossSite.status).toBe(403);
    expect((await subscribersOf(w.org.id))[0]!.topics).toEqual(["CERTIFICATIONS", "GENERAL"]);

    const good = new URL(links.manage).searchParams.get("s")!;
    const unsubscribeToken = new URL(links.unsubscribe).searchParams.get("s")!;
    const flipped = good.slice(0, -1) + (good.endsWith("A") ? "B" : "A");
    const otherId = `00000000-0000-4000-8000-000000000000${good.slice(36)}`;
    for (const s of [flipped, good.slice(0, 40), row.id, otherId, unsubscribeToken, `${good}.x`, "", "x".repeat(5000)]) {
      const refused = await manageGet(getOn(w.visit("198.51.100.51"), `/subscribe/manage?${new URLSearchParams({ s })}`), params(w.org.slug));
      expect(refused.status, s.slice(0, 60)).toBe(404);
      expect(await refused.text()).toContain("This link does not work.");
      const post = await managePost(postOn(w.visit("198.51.100.51"), `/subscribe/manage?${new URLSearchParams({ s })}`, [["topics", "all"]]), params(w.org.slug));
      expect(post.status).toBe(404);
    }
    expect((await subscribersOf(w.org.id))[0]!.topics).toEqual(["CERTIFICATIONS", "GENERAL"]);
  });

  it("the unsubscribe GET is a one-button page and changes nothing; the button's POST unsubscribes (audited)", async () => {
    const w = await world("Unsub");
    const row = await subscribeAndConfirm(w, "bye@customer.example", "198.51.100.52");
    const { unsubscribe } = subscriberLinks({ host: w.host, subscriberId: row.id });
    const page = await unsubscribeGet(getOn(w.visit("198.51.100.52"), pathOf(unsubscribe)), params(w.org.slug));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`<form method="post" action="/unsubscribe?s=${new URL(unsubscribe).searchParams.get("s")}">`);
    expect((await subscribersOf(w.org.id))[0]!.status).toBe("CONFIRMED");
    const done = await unsubscribePost(postOn(w.visit("198.51.100.52"), pathOf(unsubscribe), {}), params(w.org.slug));
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("bye@customer.example will get no more email");
    expect((await subscribersOf(w.org.id))[0]!).toMatchObject({ status: "UNSUBSCRIBED" });
    expect((await auditOf(w.org.id, "subscriber.")).map((e) => e.action)).toEqual(["subscriber.confirmed", "subscriber.unsubscribed"]);
  });

  it("RFC 8058 one-click: a POST with List-Unsubscribe=One-Click, no Origin and no cookie, unsubscribes; a second changes nothing more", async () => {
    const w = await world("OneClick");
    const row = await subscribeAndConfirm(w, "click@customer.example", "198.51.100.53");
    const { unsubscribe } = subscriberLinks({ host: w.host, subscriberId: row.id });
    const provider = () =>
      new Request(hostUrl(w.visit("192.0.2.1"), pathOf(unsubscribe)), {
        method: "POST",
        headers: { ...fromClient("192.0.2.1"), "x-candor-site": w.host, "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      });
    const first = await unsubscribePost(provider(), params(w.org.slug));
    expect(first.status).toBe(200);
    const [after] = await subscribersOf(w.org.id);
    expect(after!.status).toBe("UNSUBSCRIBED");
    const again = await unsubscribePost(provider(), params(w.org.slug));
    expect(again.status).toBe(200);
    expect((await subscribersOf(w.org.id))[0]!.unsubscribedAt).toEqual(after!.unsubscribedAt);
    expect((await auditOf(w.org.id, "subscriber.unsubscribed"))).toHaveLength(1);
    // A tampered one-click link does nothing.
    const tampered = await unsubscribePost(
      new Request(hostUrl(w.visit("192.0.2.1"), `/unsubscribe?s=${row.id}.AAAA`), { method: "POST", headers: { ...fromClient("192.0.2.1"), "x-candor-site": w.host, "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" }),
      params(w.org.slug),
    );
    expect(tampered.status).toBe(404);
  });

  it("after unsubscribing, subscribing again starts over at PENDING with a new confirmation", async () => {
    const w = await world("Again");
    const row = await subscribeAndConfirm(w, "again@customer.example", "198.51.100.54");
    await unsubscribePost(postOn(w.visit("198.51.100.54"), pathOf(subscriberLinks({ host: w.host, subscriberId: row.id }).unsubscribe), {}), params(w.org.slug));
    await subscribePost(postOn(w.visit("198.51.100.54"), "/subscribe", sub("again@customer.example", ["general"])), params(w.org.slug));
    expect((await subscribersOf(w.org.id))[0]).toMatchObject({ id: row.id, status: "PENDING", topics: ["GENERAL"], unsubscribedAt: null });
    expect((await mailsTo("again@customer.example")).map((m) => m.template)).toEqual(["subscriber-confirm", "subscriber-confirm"]);
  });
});
