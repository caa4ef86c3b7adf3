import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPublications } from "@/modules/publishing/chain";
import { publish, unpublish } from "@/modules/publishing/server/publish";
import { changelog, feed, publicDocument, securityTxt, trustDocument, trustPage, verifyPage } from "@/modules/publishing/server/surfaces";
import { createDocument, updateDocument } from "@/modules/documents/server/documents";
import { createControl, updateControl } from "@/modules/controls/server/controls";
import { createItem } from "@/modules/content/server/crud";
import { saveDisclosure } from "@/modules/disclosure/server/disclosure";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";

let superuser: pg.Client;
beforeAll(async () => {
  superuser = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await superuser.connect();
});
afterAll(() => superuser.end());

const get = (url: string, headers: Record<string, string> = {}) => new Request(`http://localhost:3000${url}`, { headers });
const inAYear = () => new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10);

async function publishedOrg() {
  const made = await createOrg(undefined, "Pub");
  const { ctx } = made;
  const control = await createControl({ ctx, input: { ref: "AC-07", area: "Access Control", title: "MFA for admins", status: "PLANNED", visibility: "PUBLIC" } });
  await saveDisclosure({ ctx, input: { policy: "Write to us.", contacts: ["mailto:security@pub.example"], preferredLanguages: "en, de", expiresAt: inAYear(), version: 0 } });
  const first = await publish({ ctx });
  return { ...made, control, first };
}

describe("publishing", () => {
  it("a publication is canonical JSON, its SHA-256, an Ed25519 signature, and a link to the previous one", async () => {
    const { ctx, org, control } = await publishedOrg();
    await updateControl({ ctx, id: control.id, input: { ref: "AC-07", area: "Access Control", title: "MFA for admins", status: "IMPLEMENTED", visibility: "PUBLIC", version: 1 } });
    const second = await publish({ ctx });
    expect(second).toMatchObject({ unchanged: false, seq: 2 });
    const rows = await withTenant({ orgId: org.id }, (tx) => tx.publication.findMany({ orderBy: { seq: "asc" } }));
    expect(rows.map((r) => r.seq)).toEqual([1, 2]);
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(verifyPublications(rows)).toEqual({ ok: true, checked: 2 });

    // Publishing again with nothing changed adds nothing.
    expect(await publish({ ctx })).toEqual({ unchanged: true, seq: 2, hash: rows[1]!.hash });

    // The changelog says what changed, in words.
    const page = await (await changelog(get(`/t/${org.slug}/changelog`), org.slug)).text();
    expect(page).toContain("AC-07: Planned → Implemented");
    expect(page).toContain("First publication.");
  });

  it("a tampered publication is caught: content, signature, or a missing link", async () => {
    const { ctx, org } = await publishedOrg();
    await createItem({ ctx, kind: "faqs", input: { question: "Q?", answer: "A." } });
    await publish({ ctx });
    const rows = await withTenant({ orgId: org.id }, (tx) => tx.publication.findMany({ orderBy: { seq: "asc" } }));
    const altered = rows.map((r) => ({ ...r }));
    altered[0]!.canonical = altered[0]!.canonical.replace("MFA for admins", "MFA for everyone");
    expect(verifyPublications(altered)).toMatchObject({ ok: false, seq: 1, reason: expect.stringContaining("hash") });
    const resigned = rows.map((r) => ({ ...r }));
    resigned[1]!.signature = rows[0]!.signature;
    expect(verifyPublications(resigned)).toMatchObject({ ok: false, seq: 2, reason: expect.stringContaining("signature") });
    expect(verifyPublications([rows[1]!])).toMatchObject({ ok: false, reason: expect.stringContaining("#1") });
  });

  it("the database refuses to change or delete a publication, whoever asks", async () => {
    const { org } = await publishedOrg();
    await expect(withTenant({ orgId: org.id }, (tx) => tx.publication.updateMany({ where: { orgId: org.id }, data: { canonical: "{}" } }))).rejects.toThrow(/permission denied/);
    await expect(withTenant({ orgId: org.id }, (tx) => tx.publication.deleteMany({ where: { orgId: org.id } }))).rejects.toThrow(/permission denied/);
    await superuser.query("BEGIN; SET LOCAL ROLE candor_owner");
    await expect(superuser.query(`UPDATE "Publication" SET canonical = '{}' WHERE "orgId" = $1`, [org.id])).rejects.toThrow(/immutable/);
    await superuser.query("ROLLBACK; BEGIN; SET LOCAL ROLE candor_owner");
    await expect(superuser.query(`DELETE FROM "Publication" WHERE "orgId" = $1`, [org.id])).rejects.toThrow(/immutable/);
    await superuser.query("ROLLBACK");
  });

  it("the signing key's private half is sealed at rest", async () => {
    const { org } = await publishedOrg();
    const { rows } = await superuser.query(`SELECT "publicKey", "privateKeySealed", "keyVersion" FROM "SigningKey" WHERE "orgId" = $1`, [org.id]);
    expect(rows[0].publicKey).toContain("BEGIN PUBLIC KEY");
    expect(rows[0].privateKeySealed).toMatch(/^k1\./);
    expect(rows[0].privateKeySealed).not.toContain("PRIVATE KEY");
  });

  it("the page is served from the publication with an ETag; a matching If-None-Match gets 304; publishing changes it at once", async () => {
    const { ctx, org } = await publishedOrg();
    const first = await trustPage(get(`/t/${org.slug}`), org.slug);
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    expect(etag).toContain((await withTenant({ orgId: org.id }, (tx) => tx.publication.findFirstOrThrow({ where: { seq: 1 } }))).hash);
    expect(first.headers.get("cache-control")).toMatch(/^public, max-age=\d{1,2}, stale-while-revalidate=\d+$/);
    expect(first.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect((await trustPage(get(`/t/${org.slug}`, { "if-none-match": etag }), org.slug)).status).toBe(304);

    // Draft edits change nothing public until published.
    await createItem({ ctx, kind: "faqs", input: { question: "Draft question?", answer: "Not yet public." } });
    expect(await (await trustPage(get(`/t/${org.slug}`), org.slug)).text()).not.toContain("Draft question?");
    await publish({ ctx });
    const after = await trustPage(get(`/t/${org.slug}`, { "if-none-match": etag }), org.slug);
    expect(after.status).toBe(200);
    expect(await after.text()).toContain("Draft question?");
  });

  it("a public document downloads from the page while it is published as public; an NDA one never does", async () => {
    const { ctx, org } = await publishedOrg();
    const pdf = new Uint8Array(Buffer.from("%PDF-1.7\n% policy\n%%EOF\n"));
    const open = await createDocument({ ctx, input: { title: "Security policy", visibility: "PUBLIC" }, file: { name: "policy \"v1\".pdf", bytes: pdf } });
    const nda = await createDocument({ ctx, input: { title: "SOC 2 report", visibility: "NDA" }, file: { name: "soc2.pdf", bytes: pdf } });
    // Not downloadable before it is published.
    expect((await publicDocument(org.slug, open.id, "1")).status).toBe(404);
    await publish({ ctx });
    const html = await (await trustPage(get(`/t/${org.slug}`), org.slug)).text();
    expect(html).toContain(`/t/${org.slug}/documents/${open.id}/1`);
    expect(html).not.toContain(`/documents/${nda.id}/`);
    expect(html).toContain("SOC 2 report");

    const download = await publicDocument(org.slug, open.id, "1");
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="policy _v1_.pdf"; filename\*=UTF-8''policy%20%22v1%22.pdf$/);
    expect(download.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    expect(download.headers.get("cache-control")).not.toContain("immutable");
    // The NDA document, another organisation's slug, a version that does not exist, a malformed id.
    expect((await publicDocument(org.slug, nda.id, "1")).status).toBe(404);
    const other = await createOrg(undefined, "Other");
    await publish({ ctx: other.ctx });
    expect((await publicDocument(other.org.slug, open.id, "1")).status).toBe(404);
    expect((await publicDocument(org.slug, open.id, "2")).status).toBe(404);
    expect((await publicDocument(org.slug, "not-a-uuid", "1")).status).toBe(404);

    // Made NDA and republished: no longer served.
    await updateDocument({ ctx, id: open.id, version: open.version, input: { title: "Security policy", visibility: "NDA" } });
    await publish({ ctx });
    expect((await publicDocument(org.slug, open.id, "1")).status).toBe(404);
  });

  it("unpublishing takes every surface offline, and is itself recorded", async () => {
    const { ctx, org } = await publishedOrg();
    await unpublish({ ctx });
    const page = await trustPage(get(`/t/${org.slug}`), org.slug);
    expect(page.status).toBe(410);
    // Not kept by any cache without revalidating, so publishing again shows at once.
    expect(page.headers.get("cache-control")).toBe("public, no-cache");
    expect(await page.text()).toContain("This trust center is offline");
    expect((await securityTxt(get(`/t/${org.slug}/.well-known/security.txt`), org.slug)).status).toBe(410);
    const latest = await (await trustDocument(get(`/t/${org.slug}/trust.json`), org.slug, null)).json();
    expect(latest.publication).toMatchObject({ seq: 2, kind: "unpublish", view: null });
    await expect(unpublish({ ctx })).rejects.toMatchObject({ code: "conflict" });
  });

  it("an unknown slug is a 404, and an organisation that never published says so honestly", async () => {
    expect((await trustPage(get("/t/no-such-org"), "no-such-org")).status).toBe(404);
    const { org } = await createOrg(undefined, "Shy");
    const page = await trustPage(get(`/t/${org.slug}`), org.slug);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain("Nothing has been published yet");
  });

  it("security.txt follows RFC 9116, and is not served with an expired date", async () => {
    const { ctx, org } = await publishedOrg();
    const response = await securityTxt(get(`/t/${org.slug}/.well-known/security.txt`), org.slug);
    const text = await response.text();
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(text).toMatch(/^Contact: mailto:security@pub\.example$/m);
    expect(text).toMatch(/^Expires: \d{4}-\d{2}-\d{2}T00:00:00Z$/m);
    expect(text).toMatch(/^Preferred-Languages: en,de$/m);
    expect(text).toMatch(new RegExp(`^Canonical: http://localhost:3000/t/${org.slug}/.well-known/security.txt$`, "m"));
    expect(text).toMatch(new RegExp(`^Policy: http://localhost:3000/t/${org.slug}#disclosure$`, "m"));
    const expires = new Date(text.match(/^Expires: (.*)$/m)![1]!);
    expect(expires.getTime()).toBeGreaterThan(Date.now());
    expect(expires.getTime() - Date.now()).toBeLessThanOrEqual(366 * 86_400_000);
    // A policy whose date has passed is re-published with it: no security.txt rather than a stale one.
    await superuser.query(`UPDATE "DisclosurePolicy" SET "expiresAt" = now() - interval '1 day' WHERE "orgId" = $1`, [org.id]);
    await publish({ ctx });
    expect((await securityTxt(get(`/t/${org.slug}/.well-known/security.txt`), org.slug)).status).toBe(404);
  });

  it("the documented offline check (openssl + jq) verifies the chain, and catches a forgery", async () => {
    const { ctx, org } = await publishedOrg();
    await createItem({ ctx, kind: "sections", input: { title: "Honesty policy", body: "We say what we do." } });
    await publish({ ctx });
    const dir = mkdtempSync(path.join(tmpdir(), "candor-verify-"));
    for (const seq of [1, 2]) writeFileSync(path.join(dir, `trust-${seq}.json`), await (await trustDocument(get(`/t/${org.slug}/trust.json?seq=${seq}`), org.slug, String(seq))).text());
    // The loop from the /verify page, minus the download step.
    const script = (await (await verifyPage(get(`/t/${org.slug}/verify`), org.slug)).text())
      .match(/# 2\. For each[\s\S]*?echo &quot;checked \$N publications&quot;/)![0]
      .replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&gt;", ">").replaceAll("&lt;", "<").replaceAll("&amp;", "&");
    const run = () => execFileSync("bash", ["-c", `set -e; N=2; ${script}`], { cwd: dir }).toString();
    expect(run().trim()).toBe("checked 2 publications");

    const forged = JSON.parse((await import("node:fs")).readFileSync(path.join(dir, "trust-1.json"), "utf8"));
    forged.canonical = forged.canonical.replace("MFA for admins", "MFA for all");
    writeFileSync(path.join(dir, "trust-1.json"), JSON.stringify(forged));
    expect(run()).toContain("#1: hash mismatch");
  });

  it("the Atom feed lists updates and publications", async () => {
    const { ctx, org } = await publishedOrg();
    await createItem({ ctx, kind: "updates", input: { title: "We rotated keys", body: "All of them.", category: "SECURITY", publishedAt: "2026-11-01" } });
    await publish({ ctx });
    const xml = await (await feed(get(`/t/${org.slug}/feed.xml`), org.slug)).text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">');
    expect(xml).toContain("<title>We rotated keys</title>");
    expect(xml).toContain("<title>Publication #2</title>");
  });
});
