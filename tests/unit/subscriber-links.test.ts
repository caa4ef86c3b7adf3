import { describe, expect, it } from "vitest";
import { siteUrl } from "@/modules/access/server/decision-mail";
import { noticeLinks } from "@/modules/subscribers/server/fanout-links";
import { subscriberIdOf, subscriberLinks } from "@/modules/subscribers/server/links";

/**
 * The links mailed to subscribers and requesters name the host they came from. A host recorded
 * with its port (development: `acme.localhost:3000`) keeps that one port; a host without one gets
 * the app's (APP_URL is http://localhost:3000 in the tests). One helper serves both modules.
 */
const id = "0b6f0f8e-6a2c-4b84-9a51-3c1a0e9a0f11";

describe("links on a host recorded with its port", () => {
  it("subscriberLinks keeps the host's one port, and the token still names the subscriber", () => {
    const links = subscriberLinks({ host: "acme.localhost:3000", subscriberId: id });
    expect(links.unsubscribe).toMatch(/^http:\/\/acme\.localhost:3000\/unsubscribe\?s=0b6f0f8e-6a2c-4b84-9a51-3c1a0e9a0f11\.[A-Za-z0-9_-]{43}$/);
    expect(links.manage).toMatch(/^http:\/\/acme\.localhost:3000\/subscribe\/manage\?s=0b6f0f8e-6a2c-4b84-9a51-3c1a0e9a0f11\.[A-Za-z0-9_-]{43}$/);
    expect(subscriberIdOf(new URL(links.unsubscribe).searchParams.get("s"), "unsubscribe")).toBe(id);
  });

  it("a host without a port gets the app's; another port is kept as recorded", () => {
    expect(subscriberLinks({ host: "acme.localhost", subscriberId: id }).unsubscribe.startsWith("http://acme.localhost:3000/unsubscribe?s=")).toBe(true);
    expect(subscriberLinks({ host: "acme.localhost:8443", subscriberId: id }).unsubscribe.startsWith("http://acme.localhost:8443/unsubscribe?s=")).toBe(true);
  });

  it("a notice's page, verify, manage and unsubscribe links each carry one port", () => {
    const links = noticeLinks({ host: "acme.localhost:3000", slug: "acme", id });
    expect(links.pageUrl).toBe("http://acme.localhost:3000/");
    expect(links.verifyUrl).toBe("http://acme.localhost:3000/verify");
    expect(links.unsubscribeUrl.startsWith("http://acme.localhost:3000/unsubscribe?s=")).toBe(true);
    expect(links.manageUrl.startsWith("http://acme.localhost:3000/subscribe/manage?s=")).toBe(true);
  });

  it("the access decision mail's links agree (the same helper)", () => {
    expect(siteUrl("acme.localhost:3000", "acme", "/access/open?token=x")).toBe("http://acme.localhost:3000/access/open?token=x");
    expect(siteUrl("acme.localhost", "acme", "")).toBe("http://acme.localhost:3000/");
    expect(siteUrl("localhost:3000", "acme", "/access")).toBe("http://localhost:3000/t/acme/access");
  });
});
