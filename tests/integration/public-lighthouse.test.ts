import { describe, expect, it } from "vitest";
import { GET as accessGet, POST as accessPost } from "@/app/t/[slug]/access/route";
import { accessWorld } from "../support/access";
import { getOn, postOn, type Visit } from "../support/access-routes";

/**
 * `npm run bench:lighthouse` (issue 15) failed the access form's SEO ("Page is blocked from
 * indexing"): the blank form, the same for every visitor, is now indexable through its route;
 * what a visitor's own request makes of it stays noindex, and none of it is cached.
 */
const params = (slug: string) => ({ params: Promise.resolve({ slug }) });
const ROBOTS = '<meta name="robots" content="noindex">';

describe("the access form's robots meta, through its route handler on a tenant host", () => {
  it("GET: no robots meta, still private, no-store; the form shown again with errors (422) and the 'check your email' page: noindex", async () => {
    const w = await accessWorld("Robots");
    const visit: Visit = { host: w.host, slug: w.org.slug, ip: "198.51.100.40" };
    const form = await accessGet(getOn(visit, "/access"), params(w.org.slug));
    expect(form.status).toBe(200);
    expect(form.headers.get("cache-control")).toBe("private, no-store");
    const blank = await form.text();
    expect(blank).toContain("<h1>Request access</h1>");
    expect(blank).not.toContain('name="robots"');

    const invalid = await accessPost(postOn(visit, "/access", [["email", "not an address"], ["fullName", "<b>Pat</b>"], ["company", "Prospect Inc"]]), params(w.org.slug));
    expect(invalid.status).toBe(422);
    const again = await invalid.text();
    expect(again).toContain(ROBOTS);
    expect(again).toContain('value="&lt;b&gt;Pat&lt;/b&gt;"');

    const sent = await accessPost(postOn(visit, "/access", [["email", "pat@prospect.example"], ["fullName", "Pat Buyer"], ["company", "Prospect Inc"], ["reason", "Vendor review"], ["items", `document:${w.docA}`], ["items", `document:${w.docB}`]]), params(w.org.slug));
    expect(sent.status).toBe(200);
    const check = await sent.text();
    expect(check).toContain("We sent a link to pat@prospect.example.");
    expect(check).toContain(ROBOTS);
  });
});
