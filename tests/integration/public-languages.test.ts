import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createControl } from "@/modules/controls/server/controls";
import { getOrganizationSettings, updateOrganizationSettings } from "@/modules/organizations/server/organizations";
import { maintainArtifacts, renderCounts } from "@/modules/publishing/server/artifacts";
import { resetPointers } from "@/modules/publishing/server/pointer-cache";
import { publish } from "@/modules/publishing/server/publish";
import { forgetStoredArtifacts, warmStoredArtifacts } from "@/modules/publishing/server/stored";
import { exportOrganization } from "@/modules/transfer/server/export";
import { applyImport } from "@/modules/transfer/server/import";
import { AppError } from "@/server/errors";
import { getPool } from "@/server/db/pool";
import { withTenant } from "@/server/db/tenant";
import { resetEnvCache } from "@/server/env";
import { forgetAll } from "@/server/edge/hot";
import { reconcilePublishedDir } from "@/server/edge/published-dir";
import { POST as accessPost } from "@/app/t/[slug]/access/route";
import { POST as verifyPost } from "@/app/t/[slug]/access/verify/route";
import { POST as subscribePost } from "@/app/t/[slug]/subscribe/route";
import { renderEmail } from "@/modules/email/server/render";
import { accessWorld } from "../support/access";
import { mailsTo, postOn } from "../support/access-routes";
import { createOrg } from "../support/factories";
import { startFrontServer } from "../support/front-server";
import { publicationNotificationsSettled } from "../support/notifications";

/**
 * Languages on the public surfaces (issue 15, ADR 038): the chrome follows the visitor's
 * Accept-Language or ?lang=, else the organisation's default language; each language is its own
 * stored artifact with its own ETag, served on the fast path with Vary: Accept-Language, and
 * written for Caddy as index.{lang}.html.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), "candor-languages-"));
const DAY = 86_400_000;
const isoToday = () => new Date(Math.floor(Date.now() / DAY) * DAY).toISOString().slice(0, 10);
let front: Awaited<ReturnType<typeof startFrontServer>>;
let world: Awaited<ReturnType<typeof createOrg>>;

beforeAll(async () => {
  process.env.PUBLISHED_DIR = dir;
  resetEnvCache();
  front = await startFrontServer();
  world = await createOrg(undefined, "Sprachen");
  await createControl({ ctx: world.ctx, input: { ref: "LG-01", area: "Languages", title: "Verschlüsselung überall", description: "Written in German by the tenant.", status: "IMPLEMENTED", visibility: "PUBLIC" } });
  await publish({ ctx: world.ctx });
});
afterAll(async () => {
  await front.close();
  delete process.env.PUBLISHED_DIR;
  resetEnvCache();
  rmSync(dir, { recursive: true, force: true });
});

/** As after a restart: nothing in memory. */
function forgetEverything() {
  forgetStoredArtifacts();
  resetPointers();
  forgetAll();
  (globalThis as unknown as { candorArtifacts?: Map<string, unknown> }).candorArtifacts?.clear();
}

async function page(pathname: string, headers: Record<string, string> = {}) {
  const reply = await front.request(pathname, { headers: { "Accept-Encoding": "gzip", ...headers } });
  const encoding = reply.headers["content-encoding"];
  const body = (encoding === "gzip" ? gunzipSync(reply.body) : encoding === "br" ? brotliDecompressSync(reply.body) : reply.body).toString();
  return { status: reply.status, headers: reply.headers, body, lang: /<html lang="([^"]*)">/.exec(body)?.[1] };
}

const hashOf = (orgId: string) => withTenant({ orgId }, (tx) => tx.publication.findFirstOrThrow({ where: { orgId }, orderBy: { seq: "desc" }, select: { hash: true } })).then((p) => p.hash);
const artifact = (orgId: string, site: string, surface: string) =>
  withTenant({ orgId }, (tx) => tx.publishedArtifact.findFirst({ where: { orgId, site, surface }, orderBy: { validFrom: "desc" }, select: { etag: true, body: true } }));

/** An organisation whose default language is `language`, with `control` (if any), published. */
async function publishedIn(name: string, language: string, control?: Parameters<typeof createControl>[0]["input"]) {
  const created = await createOrg(undefined, name);
  if (control) await createControl({ ctx: created.ctx, input: control });
  const before = await getOrganizationSettings({ ctx: created.ctx });
  await updateOrganizationSettings({ ctx: created.ctx, input: { name: before.name, overview: "", language, version: before.version }, logo: { kind: "keep" } });
  await publish({ ctx: created.ctx });
  return created;
}

describe("the page in the visitor's language", () => {
  it("a German browser gets the page in German, with its own ETag and Vary: Accept-Language, first rendered in the request, then from the stored artifact without a render", async () => {
    const slug = world.org.slug;
    const hash = await hashOf(world.org.id);
    // Straight after publish(): the default language is stored, German not yet (the worker's).
    expect(await artifact(world.org.id, "", "page@de")).toBe(null);
    const first = await page(`/t/${slug}`, { "Accept-Language": "de-DE,de;q=0.9,en;q=0.8" });
    expect([first.status, first.lang, first.headers.vary]).toEqual([200, "de", "Accept-Encoding, Accept-Language, Cookie"]);
    expect(first.headers.etag).toBe(`"${hash}.${isoToday()}.r1.de"`);
    expect(first.body).toContain("Verschlüsselung überall"); // the tenant's words, as written
    expect(first.body).toContain("Zum Inhalt springen"); // the chrome, in German
    expect(first.body).toContain("Unterauftragsverarbeiter");
    expect(first.body).toContain("Written in German by the tenant."); // never translated

    await maintainArtifacts({ at: Date.now() });
    const stored = await artifact(world.org.id, "", "page@de");
    expect(stored?.etag).toBe(`"${hash}.${isoToday()}.r1.de"`);
    await publicationNotificationsSettled();
    forgetEverything();
    const rendersBefore = renderCounts.total;
    const again = await page(`/t/${slug}`, { "Accept-Language": "de-CH" });
    expect([again.status, again.lang, again.headers.etag]).toEqual([200, "de", stored!.etag]);
    expect(again.body).toBe(Buffer.from(stored!.body).toString());
    expect(renderCounts.total).toBe(rendersBefore);
  });

  it("no Accept-Language, none of ours, or the organisation's own (English here): the default rendering; English asked for by name has its own ETag", async () => {
    const slug = world.org.slug;
    const hash = await hashOf(world.org.id);
    for (const header of [{}, { "Accept-Language": "ja-JP,ja;q=0.9" }, { "Accept-Language": "*" }, { "Accept-Language": "en-GB" }, { "Accept-Language": "en-US,en;q=0.9" }] as Record<string, string>[]) {
      const reply = await page(`/t/${slug}`, header);
      expect([reply.status, reply.lang, reply.headers.etag], JSON.stringify(header)).toEqual([200, "en", `"${hash}.${isoToday()}.r1"`]);
    }
    const english = await page(`/t/${slug}?lang=en`, { "Accept-Language": "en-GB" });
    expect([english.lang, english.headers.etag]).toEqual(["en", `"${hash}.${isoToday()}.r1.en"`]);
  });

  it("lists every language's address (hreflang) and the negotiated one as x-default; a language's rendering has no canonical link (its bytes answer ?lang=xx and the bare address), the default's is the bare address", async () => {
    const slug = world.org.slug;
    const base = `http://localhost:3000/t/${slug}`;
    const negotiated = await page(`/t/${slug}`, { "Accept-Language": "fr" });
    for (const l of ["en", "de", "fr", "nl", "es", "it"]) expect(negotiated.body).toContain(`<link rel="alternate" hreflang="${l}" href="${base}?lang=${l}">`);
    expect(negotiated.body).toContain(`<link rel="alternate" hreflang="x-default" href="${base}">`);
    expect(negotiated.body).not.toContain('rel="canonical"');
    const named = await page(`/t/${slug}?lang=fr`);
    expect(named.body).toBe(negotiated.body);
    const plain = await page(`/t/${slug}`);
    expect(plain.body).toContain(`<link rel="canonical" href="${base}">`);
  });

  it("?lang= names a language whatever the browser asks; an unknown one is ignored, never reflected", async () => {
    const slug = world.org.slug;
    const italian = await page(`/t/${slug}?lang=it`, { "Accept-Language": "de" });
    expect([italian.status, italian.lang]).toEqual([200, "it"]);
    expect(italian.body).toContain("Vai al contenuto");
    const unknown = await page(`/t/${slug}?lang=xx`, { "Accept-Language": "nl" });
    expect([unknown.status, unknown.lang]).toEqual([200, "nl"]);
    const hostile = await page(`/t/${slug}?lang=%22%3E%3Cscript%3Ealert(1)%3C/script%3E`);
    expect([hostile.status, hostile.lang]).toEqual([200, "en"]);
    expect(hostile.body).not.toContain("<script>alert(1)");
  });

  it("a malformed or oversized Accept-Language is the default page, never an error", async () => {
    for (const header of [";;;,,,q=", "de;q=abc", "x".repeat(4_000), "de-" + "a".repeat(300), "\u00e9t\u00e9"]) {
      const reply = await page(`/t/${world.org.slug}`, { "Accept-Language": header });
      expect(reply.status, header.slice(0, 20)).toBe(200);
      expect(["en", "de"]).toContain(reply.lang);
    }
  });

  it("answers 304 only to the language's own ETag, and a ready answer is never sent in another language", async () => {
    const slug = world.org.slug;
    const german = await page(`/t/${slug}`, { "Accept-Language": "de" });
    const notModified = await front.request(`/t/${slug}`, { headers: { "Accept-Language": "de", "If-None-Match": german.headers.etag as string } });
    expect(notModified.status).toBe(304);
    const french = await front.request(`/t/${slug}`, { headers: { "Accept-Language": "fr", "If-None-Match": german.headers.etag as string } });
    expect(french.status).toBe(200);
    // Alternating languages on one address, each answered from the ready-answer cache after its first.
    const seen: (string | undefined)[] = [];
    for (const l of ["de", "fr", "de", "es", "fr", "it", "nl", "en"]) seen.push((await page(`/t/${slug}`, { "Accept-Language": l })).lang);
    expect(seen).toEqual(["de", "fr", "de", "es", "fr", "it", "nl", "en"]);
  });

  it("the changelog and verify page follow the language too; trust.json and the feed do not vary", async () => {
    const slug = world.org.slug;
    for (const surface of ["changelog", "verify"]) {
      const reply = await page(`/t/${slug}/${surface}`, { "Accept-Language": "es" });
      expect([reply.status, reply.lang, reply.headers.vary], surface).toEqual([200, "es", "Accept-Encoding, Accept-Language"]);
      expect(reply.body).toContain(`<link rel="alternate" hreflang="x-default" href="http://localhost:3000/t/${slug}/${surface}">`);
    }
    const json = await front.request(`/t/${slug}/trust.json`, { headers: { "Accept-Language": "es" } });
    expect(json.headers.vary).toBe("Accept-Encoding");
    const feed = await front.request(`/t/${slug}/feed.xml`, { headers: { "Accept-Language": "es" } });
    expect(feed.headers.vary).toBe("Accept-Encoding");
  });

  it("writes index.html (the default language) and index.{lang}.html for Caddy, once the worker stored each language, and a restart keeps them", async () => {
    const { ctx, org } = await createOrg(undefined, "Dateien");
    await createControl({ ctx, input: { ref: "FI-01", area: "Files", title: "Files per language", description: "x", status: "IMPLEMENTED", visibility: "PUBLIC" } });
    await front.request(`/t/${org.slug}`); // this process listens for publications, as a serving one does
    await publish({ ctx });
    const host = `${org.slug}.localhost`;
    const file = (name: string) => path.join(dir, host, name);
    await expect.poll(() => existsSync(file("index.html"))).toBe(true);
    expect(existsSync(file("index.de.html"))).toBe(false); // the worker's, next
    await maintainArtifacts({ at: Date.now() });
    const all = () => ["de", "en", "es", "fr", "it", "nl"].every((l) => existsSync(file(`index.${l}.html`)) && existsSync(file(`index.${l}.html.br`)) && existsSync(file(`index.${l}.html.gz`)));
    await expect.poll(all).toBe(true);
    expect(readFileSync(file("index.html"), "utf8")).toContain('<html lang="en">');
    expect(readFileSync(file("index.de.html"), "utf8")).toContain('<html lang="de">');
    // The organisation's own language is the default page, as the app answers it.
    for (const suffix of ["", ".br", ".gz"]) expect(readFileSync(file(`index.en.html${suffix}`)).equals(readFileSync(file(`index.html${suffix}`))), suffix).toBe(true);
    const english = await page("/", { Host: host, "Accept-Language": "en-US,en;q=0.9" });
    expect(english.body).toBe(readFileSync(file("index.en.html"), "utf8"));
    const served = await page("/", { Host: host, "Accept-Language": "de" });
    expect(served.body).toBe(readFileSync(file("index.de.html"), "utf8"));
    // A starting process (or missed notifications) reconciles: complete directories are kept.
    const marker = readFileSync(file(".etags"), "utf8");
    await reconcilePublishedDir();
    expect(all()).toBe(true);
    expect(readFileSync(file(".etags"), "utf8")).toBe(marker);
  });
});

describe("the organisation's own language (ADR 038, \"The organisation's own language\")", () => {
  /** Whether a request went to the store for a rendering, and which. */
  async function lookups<T>(run: () => Promise<T>) {
    const pool = getPool();
    const query = pool.query.bind(pool);
    const asked: string[] = [];
    const spy = vi.spyOn(pool, "query").mockImplementation(((...args: Parameters<typeof pool.query>) => {
      const [text, values] = args as unknown as [string, unknown[] | undefined];
      if (typeof text === "string" && text.includes("candor_public_artifact")) asked.push(String(values?.[3]));
      return query(...(args as Parameters<typeof query>));
    }) as typeof pool.query);
    try {
      return { result: await run(), asked };
    } finally {
      spy.mockRestore();
    }
  }

  it("a browser whose Accept-Language is the organisation's language gets the default rendering, with its canonical link, on every host form; ?lang= names the language's own", async () => {
    const { org } = await publishedIn("Eigene", "de", { ref: "OW-01", area: "Languages", title: "Own language", description: "x", status: "IMPLEMENTED", visibility: "PUBLIC" });
    await maintainArtifacts({ at: Date.now() });
    const hash = await hashOf(org.id);
    const plainTag = `"${hash}.${isoToday()}.r1"`;
    for (const [pathname, host] of [[`/t/${org.slug}`, "localhost:3000"], ["/", `${org.slug}.localhost`]] as const) {
      const base = host === "localhost:3000" ? `http://localhost:3000/t/${org.slug}` : `http://${org.slug}.localhost:3000`;
      const plain = await page(pathname, { Host: host });
      expect([plain.lang, plain.headers.etag], host).toEqual(["de", plainTag]);
      for (const header of ["de", "de-DE,de;q=0.9,en;q=0.8", "de-AT"]) {
        const own = await page(pathname, { Host: host, "Accept-Language": header });
        expect([own.lang, own.headers.etag, own.headers.vary], `${host} ${header}`).toEqual(["de", plainTag, "Accept-Encoding, Accept-Language, Cookie"]);
        expect(own.body, `${host} ${header}`).toBe(plain.body);
        expect(own.body).toContain(`<link rel="canonical" href="${base}">`);
      }
      const named = await page(`${pathname}?lang=de`, { Host: host, "Accept-Language": "de" });
      expect([named.lang, named.headers.etag], host).toEqual(["de", `"${hash}.${isoToday()}.r1.de"`]);
      expect(named.body).not.toContain('rel="canonical"');
      const english = await page(pathname, { Host: host, "Accept-Language": "en-US,en;q=0.9" });
      expect([english.lang, english.headers.etag], host).toEqual(["en", `"${hash}.${isoToday()}.r1.en"`]);
      // 304 for the default rendering's tag, whichever of the two requests asks.
      const notModified = await front.request(pathname, { headers: { Host: host, "Accept-Language": "de-CH", "If-None-Match": plainTag } });
      expect(notModified.status, host).toBe(304);
    }
    // The changelog and verify page, likewise (their renderings differ only by the ETag).
    for (const surface of ["changelog", "verify"]) {
      const plain = await page(`/t/${org.slug}/${surface}`);
      const own = await page(`/t/${org.slug}/${surface}`, { "Accept-Language": "de-DE" });
      expect([own.lang, own.headers.etag], surface).toEqual(["de", plain.headers.etag]);
      expect((await page(`/t/${org.slug}/${surface}`, { "Accept-Language": "fr" })).lang, surface).toBe("fr");
    }
  });

  it("after a restart, the organisation's language is the page held in memory: no lookup; straight after a publish, before the worker stored any language, nothing is rendered for it", async () => {
    const { ctx, org } = await createOrg(undefined, "Restart");
    await createControl({ ctx, input: { ref: "RS-01", area: "Languages", title: "Restart", description: "x", status: "IMPLEMENTED", visibility: "PUBLIC" } });
    await front.request(`/t/${org.slug}`); // this process listens for publications, as a serving one does
    await publish({ ctx });
    await publicationNotificationsSettled();
    // publish() stored the default language only (the others are the worker's).
    expect(await artifact(org.id, "", "page@en")).toBe(null);
    const rendersBefore = renderCounts.total;
    const english = await page(`/t/${org.slug}`, { "Accept-Language": "en-US,en;q=0.9" });
    expect([english.status, english.lang]).toEqual([200, "en"]);
    expect(renderCounts.total).toBe(rendersBefore);

    await maintainArtifacts({ at: Date.now() }); // the worker: each language's renderings (counted as renders)
    await publicationNotificationsSettled();
    forgetEverything();
    const rendersAfterWorker = renderCounts.total;
    await warmStoredArtifacts(); // the pages in brotli, as a start loads them, for browsers' Accept-Encoding
    const browser = { "Accept-Encoding": "gzip, deflate, br, zstd" };
    const held = await lookups(() => page(`/t/${org.slug}`, { ...browser, "Accept-Language": "en-US,en;q=0.9" }));
    expect([held.result.status, held.result.lang, held.result.headers.etag]).toEqual([200, "en", english.headers.etag]);
    expect(held.asked).toEqual([]);
    // Another language: the default first (held), then one lookup for that language's own.
    const german = await lookups(() => page(`/t/${org.slug}`, { ...browser, "Accept-Language": "de" }));
    expect([german.result.status, german.result.lang]).toEqual([200, "de"]);
    expect(german.asked).toEqual(["page@de"]);
    expect(renderCounts.total).toBe(rendersAfterWorker);
  });

  it("records each stored rendering's language: the default's is the organisation's, a language's its own, the data surfaces none", async () => {
    const { org } = await publishedIn("Recorded", "nl");
    await maintainArtifacts({ at: Date.now() });
    const rows = await withTenant({ orgId: org.id }, (tx) => tx.publishedArtifact.findMany({ where: { orgId: org.id, site: "" }, select: { surface: true, language: true } }));
    const bySurface = Object.fromEntries(rows.map((row) => [row.surface, row.language]));
    expect(bySurface).toMatchObject({ page: "nl", "page@nl": "nl", "page@fr": "fr", changelog: "nl", "changelog@en": "en", verify: "nl", "verify@it": "it", "trust.json": null, "feed.xml": null });
  });
});

describe("the organisation's default language", () => {
  it("is set in the settings, published with the page, and answers visitors who name none of ours", async () => {
    const { org } = await publishedIn("Defaut", "fr", { ref: "DF-01", area: "Langue", title: "Chiffrement", description: "x", status: "IMPLEMENTED", visibility: "PUBLIC" });
    const hash = await hashOf(org.id);
    for (const header of [{}, { "Accept-Language": "ja" }] as Record<string, string>[]) {
      const reply = await page(`/t/${org.slug}`, header);
      expect([reply.lang, reply.headers.etag], JSON.stringify(header)).toEqual(["fr", `"${hash}.${isoToday()}.r1"`]);
    }
    expect((await page(`/t/${org.slug}`, { "Accept-Language": "en" })).lang).toBe("en");
    const document = await withTenant({ orgId: org.id }, (tx) => tx.publication.findFirstOrThrow({ where: { orgId: org.id }, orderBy: { seq: "desc" }, select: { canonical: true } }));
    expect(JSON.parse(document.canonical).view.organization.language).toBe("fr");
  });

  it("refuses a language that is not one of the six, with a field error and nothing saved", async () => {
    const { ctx } = await createOrg(undefined, "Refus");
    const before = await getOrganizationSettings({ ctx });
    for (const language of ["klingon", "EN", "<script>", ""]) {
      const error = await updateOrganizationSettings({ ctx, input: { name: before.name, overview: "", language, version: before.version }, logo: { kind: "keep" } }).catch((e: unknown) => e);
      expect(error, language).toBeInstanceOf(Error);
      expect(error instanceof AppError ? error.code : (error as Error).name, language).toMatch(/validation|ZodError/);
    }
    expect((await getOrganizationSettings({ ctx })).language).toBe("en");
  });

  it("is in the export, and an import sets it (an export without it leaves it as it is)", async () => {
    const { ctx, org } = await createOrg(undefined, "Transfer");
    const exported = await exportOrganization({ ctx });
    expect(exported.organization?.language).toBe("en");
    await applyImport({ ctx, input: { format: "json", text: JSON.stringify({ ...exported, organization: { ...exported.organization, language: "nl" } }) }, strict: true });
    expect((await getOrganizationSettings({ ctx })).language).toBe("nl");
    const { language: _l, ...older } = exported.organization!;
    await applyImport({ ctx, input: { format: "json", text: JSON.stringify({ ...exported, organization: { ...older, overview: "Changed" } }) }, strict: true });
    expect((await getOrganizationSettings({ ctx })).language).toBe("nl");
    void org;
  });
});

describe("prospects' mails in their language", () => {
  const params = (slug: string) => ({ params: Promise.resolve({ slug }) });
  const fields = (email: string): [string, string][] => [["email", email], ["topics", "all"]];

  it("a subscriber who reads the page in German is stored with de and mailed in German; one whose browser names none of ours gets the organisation's default", async () => {
    const w = await accessWorld("Abonnement");
    const visit = { host: w.host, slug: w.org.slug, ip: "198.51.100.40" };
    const german = await subscribePost(postOn(visit, "/subscribe", fields("anna@kunde.example"), { "accept-language": "de-AT,de;q=0.9,en;q=0.5" }), params(w.org.slug));
    expect(german.status).toBe(200);
    const other = await subscribePost(postOn({ ...visit, ip: "198.51.100.41" }, "/subscribe", fields("kenji@customer.example"), { "accept-language": "ja-JP" }), params(w.org.slug));
    expect(other.status).toBe(200);
    const rows = await withTenant({ orgId: w.org.id }, (tx) => tx.subscriber.findMany({ where: { orgId: w.org.id }, orderBy: { email: "asc" }, select: { email: true, language: true } }));
    expect(rows).toEqual([
      { email: "anna@kunde.example", language: "de" },
      { email: "kenji@customer.example", language: "en" },
    ]);
    const [mail] = await mailsTo("anna@kunde.example");
    expect(mail!.props.locale).toBe("de");
    expect(mail!.props.topics).toEqual(["Sicherheit und Vorfälle", "Unterauftragsverarbeiter", "Zertifizierungen und Dokumente", "Allgemeine Neuigkeiten"]);
    const rendered = await renderEmail({ template: "subscriber-confirm", props: mail!.props as never });
    expect(rendered.subject).toBe(`Bestätigen Sie Ihr Abonnement des Trust Centers von ${w.org.name}`);
    expect((await mailsTo("kenji@customer.example"))[0]!.props.locale).toBe("en");
  });

  it("an access request made in French is stored with fr; its verification, and the access link sent when it is confirmed from a browser naming no language, are in French", async () => {
    const w = await accessWorld("Demande");
    const visit = { host: w.host, slug: w.org.slug, ip: "198.51.100.50" };
    const form: [string, string][] = [["email", "claire@prospect.example"], ["fullName", "Claire Martin"], ["company", "Client SA"], ["reason", "Audit"], ["items", `document:${w.docA}`]];
    const response = await accessPost(postOn(visit, "/access", form, { "accept-language": "fr-FR,fr;q=0.9" }), params(w.org.slug));
    expect(response.status).toBe(200);
    const row = await withTenant({ orgId: w.org.id }, (tx) => tx.accessRequest.findFirstOrThrow({ where: { orgId: w.org.id, email: "claire@prospect.example" }, select: { language: true } }));
    expect(row.language).toBe("fr");
    const [verification] = await mailsTo("claire@prospect.example");
    expect([verification!.template, verification!.props.locale]).toEqual(["access-verify", "fr"]);
    // Confirmed from a mail client that sends no Accept-Language: a rule approves, the link follows the stored language.
    const confirmed = await verifyPost(postOn(visit, "/access/verify", { token: verification!.url.searchParams.get("token")! }), params(w.org.slug));
    expect(confirmed.status).toBe(200);
    const link = (await mailsTo("claire@prospect.example")).at(-1)!;
    expect([link.template, link.props.locale]).toEqual(["access-link", "fr"]);
  });
});
