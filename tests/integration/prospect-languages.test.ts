import { describe, expect, it } from "vitest";
import { GET as trustGet } from "@/app/t/[slug]/route";
import { GET as accessGet, POST as accessPost } from "@/app/t/[slug]/access/route";
import { POST as verifyPost } from "@/app/t/[slug]/access/verify/route";
import { GET as newLinkGet, POST as newLinkPost } from "@/app/t/[slug]/access/new-link/route";
import { POST as openPost } from "@/app/t/[slug]/access/open/route";
import { POST as ndaPost } from "@/app/t/[slug]/access/nda/route";
import { GET as subscribeGet, POST as subscribePost } from "@/app/t/[slug]/subscribe/route";
import { POST as confirmPost } from "@/app/t/[slug]/subscribe/confirm/route";
import { GET as manageGet, POST as managePost } from "@/app/t/[slug]/subscribe/manage/route";
import { GET as unsubscribeGet } from "@/app/t/[slug]/unsubscribe/route";
import { GET as objectGet, POST as objectPost } from "@/app/t/[slug]/subprocessors/object/route";
import { GET as objectVerifyGet, POST as objectVerifyPost } from "@/app/t/[slug]/subprocessors/object/verify/route";
import { renderEmail } from "@/modules/email/server/render";
import { publishNdaVersion } from "@/modules/access/server/settings";
import { createItem } from "@/modules/content/server/crud";
import { getOrganizationSettings, updateOrganizationSettings } from "@/modules/organizations/server/organizations";
import { publish, unpublish } from "@/modules/publishing/server/publish";
import { withTenant } from "@/server/db/tenant";
import type { OrgContext } from "@/server/gate";
import { accessWorld, setSettings } from "../support/access";
import { hostUrl, mailsTo, postOn, type Visit } from "../support/access-routes";
import { createOrg } from "../support/factories";
import { changesOf, vendor } from "../support/notices";
import { fromClient } from "../support/requests";

/**
 * The prospect's pages on a tenant host in the visitor's language (issue 15, ADR 038): the
 * request's language (?lang=, else Accept-Language), else the organisation's default, else
 * English; `<html lang>`, `Vary: Accept-Language`, every label, message and error page in that
 * language; tenant text as authored, escaped; a form's POST answered in the language it was shown
 * in, and the prospect's stored language (their mails) the same.
 */
const params = (slug: string) => ({ params: Promise.resolve({ slug }) });
const XSS = '"><script>alert(1)</script>';

/** A GET as the proxy hands it over, with the browser's own headers. */
function getWith(visit: Visit, path: string, headers: Record<string, string> = {}) {
  return new Request(hostUrl(visit, path), { headers: { ...fromClient(visit.ip ?? "198.51.100.23"), "user-agent": "Mozilla/5.0 (prospect)", "x-candor-site": visit.host, ...(visit.cookie ? { cookie: visit.cookie } : {}), ...headers } });
}

async function world(name: string, rules?: unknown[]) {
  const w = await accessWorld(name, rules);
  const visit = (ip: string, more: Partial<Visit> = {}): Visit => ({ host: w.host, slug: w.org.slug, ip, ...more });
  return { ...w, visit };
}

/** Sets the organisation's default language and publishes it (a setting takes effect at the next publish). */
async function defaultLanguage(ctx: OrgContext, publishCtx: OrgContext | null, language: string) {
  const before = await getOrganizationSettings({ ctx });
  await updateOrganizationSettings({ ctx, input: { name: before.name, overview: "", language, version: before.version }, logo: { kind: "keep" } });
  if (publishCtx) await publish({ ctx: publishCtx });
}

const langOf = (body: string) => /<html lang="([^"]*)">/.exec(body)?.[1];
const h1Of = (body: string) => /<h1>([^<]*)<\/h1>/.exec(body)?.[1];

describe("the access request form in the visitor's language", () => {
  it("a German browser gets the form in German, private, with Vary: Accept-Language; the organisation's name as authored", async () => {
    const w = await world("Anfrage");
    const response = await accessGet(getWith(w.visit("198.51.100.1"), "/access", { "accept-language": "de-DE,de;q=0.9,en;q=0.8" }), params(w.org.slug));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("vary")).toContain("Accept-Language");
    const body = await response.text();
    expect(langOf(body)).toBe("de");
    expect(h1Of(body)).toBe("Zugang anfragen");
    expect(body).toContain('<label for="email">Geschäftliche E-Mail-Adresse</label>');
    expect(body).toContain("<legend>Dokumente, die Sie benötigen</legend>");
    expect(body).toContain('<button type="submit" class="primary">Zugang anfragen</button>');
    expect(body).toContain(`<title>Zugang anfragen · ${w.org.name}</title>`);
    expect(body).toContain('<p class="meta">Haben Sie bereits Zugang? <a href="/access/new-link">Neuen Link per E-Mail erhalten</a>.</p>');
    // Re-negotiated on POST: no language in the action.
    expect(body).toContain('<form method="post" action="/access" novalidate>');
    expect(body).not.toContain("Request access");
  });

  it("bad input from a German browser: 422, each message in German, values kept and HTML/script in every field inert; nothing stored", async () => {
    const w = await world("Fehler");
    const form: [string, string][] = [["email", `x${XSS}@`], ["fullName", `<img src=x onerror=alert(1)>`], ["company", ""], ["reason", "</textarea><script>x</script>"]];
    const response = await accessPost(postOn(w.visit("198.51.100.2"), "/access", form, { "accept-language": "de" }), params(w.org.slug));
    expect(response.status).toBe(422);
    expect(response.headers.get("vary")).toContain("Accept-Language");
    const body = await response.text();
    expect(langOf(body)).toBe("de");
    expect(body).toContain('<p class="alert" role="alert">Einige Felder müssen korrigiert werden.</p>');
    expect(body).toContain('<p class="error" id="email-error">Geben Sie eine einzelne, einfache E-Mail-Adresse ein.</p>');
    expect(body).toContain('<p class="error" id="company-error">Geben Sie Ihr Unternehmen ein.</p>');
    expect(body).toContain('<p class="error" id="scope-error">Wählen Sie mindestens ein Dokument oder alle aus.</p>');
    expect(body).toContain('value="x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@"');
    expect(body).toContain('value="&lt;img src=x onerror=alert(1)&gt;"');
    expect(body).toContain("&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;</textarea>");
    expect(body).not.toContain("<script>");
    expect(body).not.toContain("<img src=x");
    const rows = await withTenant({ orgId: w.org.id }, (tx) => tx.accessRequest.count({ where: { orgId: w.org.id } }));
    expect(rows).toBe(0);
  });

  it("a name too long and control characters: the field's own message, in French, with its limit in French digits", async () => {
    const w = await world("Longueur");
    const form: [string, string][] = [["email", "claire@prospect.example"], ["fullName", "N".repeat(201)], ["company", "Client\u0007SA"], ["items", `document:${w.docA}`]];
    const body = await (await accessPost(postOn(w.visit("198.51.100.3"), "/access", form, { "accept-language": "fr-CH, fr;q=0.9" }), params(w.org.slug))).text();
    expect(body).toContain('<p class="error" id="fullName-error">Nom complet : 200 caractères au maximum.</p>');
    expect(body).toContain('<p class="error" id="company-error">Entreprise ne peut pas contenir de caractères de contrôle.</p>');
    // Markup in the company (the one field left empty above) is kept as text in a French page too.
    const marked = await (await accessPost(postOn(w.visit("198.51.100.3"), "/access", [["email", ""], ["fullName", "Claire"], ["company", XSS]], { "accept-language": "fr" }), params(w.org.slug))).text();
    expect(marked).toContain('<p class="error" id="email-error">Saisissez votre adresse e-mail.</p>');
    expect(marked).toContain('id="company" name="company" value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(marked).not.toContain("<script>");
  });

  it("the organisation's default language answers a browser that names none of ours (Japanese), and English stays English when asked", async () => {
    const w = await world("Defaut");
    await defaultLanguage(await w.as(w.owner, "org.settings.update"), await w.as(w.owner, "publish"), "fr");
    const japanese = await (await accessGet(getWith(w.visit("198.51.100.4"), "/access", { "accept-language": "ja-JP,ja;q=0.9" }), params(w.org.slug))).text();
    expect([langOf(japanese), h1Of(japanese)]).toEqual(["fr", "Demander un accès"]);
    const none = await (await accessGet(getWith(w.visit("198.51.100.4"), "/access"), params(w.org.slug))).text();
    expect([langOf(none), h1Of(none)]).toEqual(["fr", "Demander un accès"]);
    const english = await (await accessGet(getWith(w.visit("198.51.100.4"), "/access", { "accept-language": "en-GB" }), params(w.org.slug))).text();
    expect([langOf(english), h1Of(english)]).toEqual(["en", "Request access"]);
    // The request of a Japanese browser is stored (and mailed) in the language its page was in.
    const sent = await accessPost(postOn(w.visit("198.51.100.4"), "/access", [["email", "kenji@prospect.example"], ["fullName", "Kenji"], ["company", "K.K."], ["items", `document:${w.docA}`]], { "accept-language": "ja" }), params(w.org.slug));
    expect(h1Of(await sent.text())).toBe("Consultez votre messagerie");
    const row = await withTenant({ orgId: w.org.id }, (tx) => tx.accessRequest.findFirstOrThrow({ where: { orgId: w.org.id }, select: { language: true } }));
    expect(row.language).toBe("fr");
    expect((await mailsTo("kenji@prospect.example"))[0]!.props.locale).toBe("fr");
    // A cross-site post is refused in the organisation's language too.
    const crossSite = await accessPost(postOn(w.visit("198.51.100.4", { origin: "https://evil.example" }), "/access", [["email", "x@prospect.example"]]), params(w.org.slug));
    expect(crossSite.status).toBe(403);
    const refused = await crossSite.text();
    expect([langOf(refused), h1Of(refused)]).toEqual(["fr", "Demande refusée"]);
  });

  it("a language named by ?lang= is kept in the form's action, so its POST (from a German browser) answers in Italian and stores it", async () => {
    const w = await world("Lingua");
    const page = await (await accessGet(getWith(w.visit("198.51.100.5"), "/access?lang=it", { "accept-language": "de" }), params(w.org.slug))).text();
    expect([langOf(page), h1Of(page)]).toEqual(["it", "Richiedi l’accesso"]);
    expect(page).toContain('<form method="post" action="/access?lang=it" novalidate>');
    expect(page).toContain('<a href="/access/new-link?lang=it">Inviami un nuovo link</a>');
    const invalid = await accessPost(postOn(w.visit("198.51.100.5"), "/access?lang=it", [["email", ""]], { "accept-language": "de" }), params(w.org.slug));
    expect(invalid.status).toBe(422);
    const body = await invalid.text();
    expect(body).toContain('<p class="error" id="email-error">Inserisca il Suo indirizzo e-mail.</p>');
    expect(body).toContain('<p class="error" id="fullName-error">Inserisca nome e cognome.</p>');
    const sent = await accessPost(postOn(w.visit("198.51.100.5"), "/access?lang=it", [["email", "giulia@prospect.example"], ["fullName", "Giulia"], ["company", "Cliente SpA"], ["items", `document:${w.docA}`]], { "accept-language": "de" }), params(w.org.slug));
    expect(await sent.text()).toContain("Abbiamo inviato un link a giulia@prospect.example. Lo apra entro 30 minuti");
    const row = await withTenant({ orgId: w.org.id }, (tx) => tx.accessRequest.findFirstOrThrow({ where: { orgId: w.org.id }, select: { language: true } }));
    expect(row.language).toBe("it");
    // A ?lang= that is not one of ours is ignored, never reflected.
    const hostile = await (await accessGet(getWith(w.visit("198.51.100.5"), `/access?lang=${encodeURIComponent(XSS)}`), params(w.org.slug))).text();
    expect(hostile).toContain('<form method="post" action="/access" novalidate>');
    expect(hostile).not.toContain("<script>");
  });
});

describe("the access flow's error pages in the visitor's language", () => {
  it("403 cross-site, 413 oversized, 429 with Retry-After (the mail cap), 410 used link: each in the browser's language", async () => {
    const w = await world("Grenzen");
    const crossSite = await accessPost(postOn(w.visit("198.51.100.6", { origin: "https://evil.example" }), "/access", [["email", "x@prospect.example"]], { "accept-language": "de" }), params(w.org.slug));
    expect(crossSite.status).toBe(403);
    const refused = await crossSite.text();
    expect([langOf(refused), h1Of(refused)]).toEqual(["de", "Anfrage abgelehnt"]);
    expect(refused).toContain("Dieses Formular muss von der eigenen Seite des Trust Centers gesendet werden.");

    const huge = await accessPost(postOn(w.visit("198.51.100.6"), "/access", [["email", "x@prospect.example"], ["reason", "x".repeat(40_000)]], { "accept-language": "nl" }), params(w.org.slug));
    expect(huge.status).toBe(413);
    const tooLarge = await huge.text();
    expect([langOf(tooLarge), h1Of(tooLarge)]).toEqual(["nl", "Te veel tekst"]);

    await setSettings(w, { mailCapPerHour: 1 });
    const first = await accessPost(postOn(w.visit("198.51.100.7"), "/access", [["email", "ana@prospect.example"], ["fullName", "Ana"], ["company", "Cliente"], ["items", `document:${w.docA}`]], { "accept-language": "es" }), params(w.org.slug));
    expect(first.status).toBe(200);
    const capped = await accessPost(postOn(w.visit("198.51.100.7"), "/access", [["email", "luis@prospect.example"], ["fullName", "Luis"], ["company", "Cliente"], ["items", `document:${w.docA}`]], { "accept-language": "es" }), params(w.org.slug));
    expect(capped.status).toBe(429);
    expect(Number(capped.headers.get("retry-after"))).toBeGreaterThan(3000);
    const wait = await capped.text();
    expect([langOf(wait), h1Of(wait)]).toEqual(["es", "Espere un poco, por favor"]);
    expect(wait).toContain("Este centro de confianza ha enviado demasiados correos en la última hora. Puede volver a intentarlo dentro de 60 minutos aproximadamente.");

    const token = (await mailsTo("ana@prospect.example"))[0]!.url.searchParams.get("token")!;
    expect((await verifyPost(postOn(w.visit("198.51.100.7"), "/access/verify", { token }, { "accept-language": "fr" }), params(w.org.slug))).status).toBe(200);
    const reused = await verifyPost(postOn(w.visit("198.51.100.7"), "/access/verify", { token }, { "accept-language": "fr" }), params(w.org.slug));
    expect(reused.status).toBe(410);
    const gone = await reused.text();
    expect([langOf(gone), h1Of(gone)]).toEqual(["fr", "Ce lien ne fonctionne plus"]);
    expect(gone).toContain("Ce lien a déjà été utilisé ou a expiré. Envoyez à nouveau votre demande.");
  });

  it("an unknown trust center's access page is a 404 in the browser's language", async () => {
    const missing = await accessGet(getWith({ host: "nobody.trust.test", slug: "nobody-here", ip: "198.51.100.8" }, "/access", { "accept-language": "it" }), params("nobody-here"));
    expect(missing.status).toBe(404);
    const body = await missing.text();
    expect([langOf(body), h1Of(body)]).toEqual(["it", "Qui non c’è nulla"]);
    expect(missing.headers.get("vary")).toContain("Accept-Language");
  });

  it("“email me a new link”: the form and its 422 in Dutch, the address kept and escaped", async () => {
    const w = await world("Nieuw");
    const form = await (await newLinkGet(getWith(w.visit("198.51.100.9"), "/access/new-link", { "accept-language": "nl-BE" }), params(w.org.slug))).text();
    expect([langOf(form), h1Of(form)]).toEqual(["nl", "Mail mij een nieuwe link"]);
    const bad = await newLinkPost(postOn(w.visit("198.51.100.9"), "/access/new-link", { email: XSS }, { "accept-language": "nl-BE" }), params(w.org.slug));
    expect(bad.status).toBe(422);
    const body = await bad.text();
    expect(body).toContain('<p class="error" id="email-error">Vul één gewoon e-mailadres in.</p>');
    expect(body).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(body).not.toContain("<script>");
  });

  it("a grantee owing a new NDA version gets its form in German; unticked is a 422 in German; the NDA text as authored, sanitised", async () => {
    const w = await world("Vertrag");
    const email = "eva@prospect.example";
    const visit = w.visit("198.51.100.10");
    await accessPost(postOn(visit, "/access", [["email", email], ["fullName", "Eva"], ["company", "Kunde GmbH"], ["items", `document:${w.docA}`]]), params(w.org.slug));
    await verifyPost(postOn(visit, "/access/verify", { token: (await mailsTo(email))[0]!.url.searchParams.get("token")! }), params(w.org.slug));
    const link = (await mailsTo(email)).find((m) => m.template === "access-link")!.url.searchParams.get("token")!;
    const opened = await openPost(postOn(visit, "/access/open", { token: link }), params(w.org.slug));
    const cookie = `candor-grantee=${/^candor-grantee=([0-9a-f]{64});/.exec(opened.headers.get("set-cookie")!)![1]!}`;
    await setSettings(w, { ndaMode: "CLICK_THROUGH" });
    const v2 = await publishNdaVersion({ ctx: w.manager, input: { markdown: "Neue **Bedingungen** <script>alert(1)</script>", requireReacceptance: true } });
    const page = await trustGet(getWith({ ...visit, cookie }, "", { "accept-language": "de" }), params(w.org.slug));
    expect(page.headers.get("vary")).toContain("Accept-Language");
    const body = await page.text();
    expect([langOf(body), h1Of(body)]).toEqual(["de", "Eine neue Fassung der NDA"]);
    expect(body).toContain(`Angemeldet als <strong>${email}</strong>.`);
    expect(body).toContain("Neue <strong>Bedingungen</strong>");
    expect(body).not.toContain("<script>alert");
    const unticked = await ndaPost(postOn({ ...visit, cookie }, "/access/nda", { ndaVersionId: v2.id }, { "accept-language": "de" }), params(w.org.slug));
    expect(unticked.status).toBe(422);
    const again = await unticked.text();
    expect(again).toContain('<p class="alert" role="alert">Setzen Sie das Häkchen bei „Ich stimme zu“, um fortzufahren.</p>');
    expect(again).toContain('<p class="error" id="nda-error">Setzen Sie das Häkchen bei „Ich stimme zu“, um die NDA zu akzeptieren.</p>');
  });
});

describe("the trust page's ways to the prospect pages", () => {
  it("a rendering for a language (page@it, what ?lang=it and an Italian browser get) keeps it in its subscribe form and access links; the default rendering names none", async () => {
    const w = await world("Vie");
    const visit = w.visit("198.51.100.16");
    const italian = await (await trustGet(getWith(visit, "?lang=it", { "accept-language": "de" }), params(w.org.slug))).text();
    expect(langOf(italian)).toBe("it");
    expect(italian).toContain('<form class="subscribe" method="post" action="/subscribe?lang=it">');
    expect(italian).toContain('<a class="btn primary" href="/access?lang=it">');
    const plain = await (await trustGet(getWith(visit, ""), params(w.org.slug))).text();
    expect(langOf(plain)).toBe("en");
    expect(plain).toContain('<form class="subscribe" method="post" action="/subscribe">');
    expect(plain).toContain('<a class="btn primary" href="/access">');
    // An English browser on this English trust center gets the English rendering (page@en): plain links too.
    const english = await (await trustGet(getWith(visit, "", { "accept-language": "en-US,en;q=0.9" }), params(w.org.slug))).text();
    expect(langOf(english)).toBe("en");
    expect(english).toContain('<form class="subscribe" method="post" action="/subscribe">');
    expect(english).toContain('<a class="btn primary" href="/access">');
    // Its POST, from the German browser that followed the Italian link, answers in Italian and stores it.
    const sent = await subscribePost(postOn(visit, "/subscribe?lang=it", [["email", "marco@cliente.example"], ["topics", "all"]], { "accept-language": "de" }), params(w.org.slug));
    expect(h1Of(await sent.text())).toBe("Controlli la Sua e-mail");
    const row = await withTenant({ orgId: w.org.id }, (tx) => tx.subscriber.findFirstOrThrow({ where: { orgId: w.org.id }, select: { language: true } }));
    expect(row.language).toBe("it");
  });
});

describe("the subscription pages in the visitor's language", () => {
  it("Spanish form; a 422 in Spanish with the address kept and escaped; the confirmation, manage and unsubscribe pages in Spanish", async () => {
    const w = await world("Suscripcion");
    const es = { "accept-language": "es-MX,es;q=0.9" };
    const form = await subscribeGet(getWith(w.visit("198.51.100.11"), "/subscribe", es), params(w.org.slug));
    expect(form.headers.get("vary")).toContain("Accept-Language");
    const page = await form.text();
    expect([langOf(page), h1Of(page)]).toEqual(["es", "Suscribirse a las novedades"]);
    expect(page).toContain("Seguridad e incidentes");
    const bad = await subscribePost(postOn(w.visit("198.51.100.11"), "/subscribe", [["email", XSS]], es), params(w.org.slug));
    expect(bad.status).toBe(422);
    const body = await bad.text();
    expect(body).toContain('<p class="error" id="email-error">Introduzca una sola dirección de correo electrónico, sin nada más.</p>');
    expect(body).toContain('<p class="error" id="topics-error">Elija al menos un tema.</p>');
    expect(body).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(body).not.toContain("<script>");

    const sent = await subscribePost(postOn(w.visit("198.51.100.11"), "/subscribe", [["email", "lucia@cliente.example"], ["topics", "all"]], es), params(w.org.slug));
    expect(await sent.text()).toContain("Si lucia@cliente.example puede suscribirse, le hemos enviado un enlace. Ábralo en un plazo de 48 horas para confirmar su suscripción.");
    const token = (await mailsTo("lucia@cliente.example"))[0]!.url.searchParams.get("token")!;
    const confirmed = await (await confirmPost(postOn(w.visit("198.51.100.11"), "/subscribe/confirm", { token }, es), params(w.org.slug))).text();
    expect(h1Of(confirmed)).toBe("Su suscripción está activa");
    const manageHref = /<a href="([^"]*subscribe\/manage[^"]*)">Gestionar su suscripción<\/a>/.exec(confirmed)![1]!.replaceAll("&amp;", "&");
    const manage = await (await manageGet(getWith(w.visit("198.51.100.11"), manageHref, { "accept-language": "it" }), params(w.org.slug))).text();
    expect([langOf(manage), h1Of(manage)]).toEqual(["it", "La Sua iscrizione"]);
    const none = await managePost(postOn(w.visit("198.51.100.11"), manageHref, [], { "accept-language": "it" }), params(w.org.slug));
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('<p class="error" id="topics-error">Scelga almeno un tema.</p>');
    const unsubscribeHref = /<a href="([^"]*unsubscribe[^"]*)">/.exec(manage)![1]!.replaceAll("&amp;", "&");
    const unsubscribe = await (await unsubscribeGet(getWith(w.visit("198.51.100.11"), unsubscribeHref, { "accept-language": "fr" }), params(w.org.slug))).text();
    expect(h1Of(unsubscribe)).toBe("Se désabonner");
    expect(unsubscribe).toContain("Arrêter tous les e-mails du centre de confiance de");
  });

  it("a bad manage link is a 404 in the browser's language", async () => {
    const w = await world("Lien");
    const response = await manageGet(getWith(w.visit("198.51.100.12"), "/subscribe/manage?s=forged", { "accept-language": "de" }), params(w.org.slug));
    expect(response.status).toBe(404);
    const body = await response.text();
    expect([langOf(body), h1Of(body)]).toEqual(["de", "Dieser Link funktioniert nicht"]);
  });
});

/** An organisation that published a subprocessor change effective 2099-06-01, and a visitor on its host. */
async function announcedChange(name: string, vendorName: string, ip: string) {
  const { org, ctx } = await createOrg(undefined, name);
  await createItem({ ctx, kind: "subprocessors", input: vendor(vendorName, { effectiveDate: "2099-06-01" }) });
  await publish({ ctx });
  const [change] = await changesOf(org.id);
  const visit: Visit = { host: `${org.slug}.trust.test`, slug: org.slug, ip };
  return { org, change, visit };
}

describe("the objection form in the visitor's language", () => {
  it("German form; a 422 in German with every value kept and escaped; the vendor's text as authored", async () => {
    const { org, change, visit } = await announcedChange("Einspruch", "Mailer <b>GmbH</b>", "198.51.100.13");
    const form = await objectGet(getWith(visit, `/subprocessors/object?change=${change!.id}`, { "accept-language": "de" }), params(org.slug));
    const page = await form.text();
    expect([langOf(page), h1Of(page)]).toEqual(["de", "Einer Änderung bei Unterauftragsverarbeitern widersprechen"]);
    expect(page).toContain("<strong>Mailer &lt;b&gt;GmbH&lt;/b&gt;</strong>");
    expect(page).toContain("Wirksam ab 2099-06-01.");
    const bad = await objectPost(postOn(visit, "/subprocessors/object", { change: change!.id, email: "kein", company: `${XSS}`, reason: "  " }, { "accept-language": "de" }), params(org.slug));
    expect(bad.status).toBe(422);
    const body = await bad.text();
    expect(body).toContain('<p class="error" id="email-error">Geben Sie eine einzelne, einfache E-Mail-Adresse ein.</p>');
    expect(body).toContain('<p class="error" id="reason-error">Grund: Teilen Sie der Organisation mit, warum Sie widersprechen.</p>');
    expect(body).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(body).not.toContain("<script>");
    expect(body).not.toContain("<b>GmbH");
  });
});

describe("the objector's mails in the language of the pages they used", () => {
  it("a German objector: the confirmation mail and the receipt in German, names as authored and escaped; English without a language of ours", async () => {
    const { org, change, visit } = await announcedChange("Widerspruch", "Mailer <b>GmbH</b>", "198.51.100.16");
    const filed = await objectPost(postOn(visit, "/subprocessors/object", { change: change!.id, email: "dpo@kunde.example", company: "Kunde AG", reason: "Daten bleiben in der EU" }, { "accept-language": "de-DE,de;q=0.9" }), params(org.slug));
    expect(filed.status).toBe(200);
    const verifyMail = (await mailsTo("dpo@kunde.example")).at(-1)!;
    expect(verifyMail.template).toBe("objection-verify");
    const verify = await renderEmail({ template: "objection-verify", props: verifyMail.props as never });
    expect(verify.subject).toBe("Bestätigen Sie Ihren Einspruch gegen die Änderung eines Unterauftragsverarbeiters von Widerspruch");
    expect(verify.text).toContain("Sie haben Einspruch gegen eine Änderung beim Unterauftragsverarbeiter Mailer <b>GmbH</b> von Widerspruch erhoben.");
    expect(verify.html).toContain("Mailer &lt;b&gt;GmbH&lt;/b&gt;");
    expect(verify.html).not.toContain("<b>GmbH");
    expect(verify.html).toContain('lang="de"');
    const token = verifyMail.url.searchParams.get("token")!;
    const landing = await objectVerifyGet(getWith(visit, `/subprocessors/object/verify?token=${token}`, { "accept-language": "de" }), params(org.slug));
    expect(langOf(await landing.text())).toBe("de");
    const confirmed = await objectVerifyPost(postOn(visit, "/subprocessors/object/verify", { token }, { "accept-language": "de" }), params(org.slug));
    expect(confirmed.status).toBe(200);
    const receiptMail = (await mailsTo("dpo@kunde.example")).at(-1)!;
    expect(receiptMail.template).toBe("objection-receipt");
    const receipt = await renderEmail({ template: "objection-receipt", props: receiptMail.props as never });
    const reference = String(receiptMail.props.reference);
    expect(receipt.subject).toBe(`Ihr Einspruch ${reference} an Widerspruch`);
    expect(receipt.text).toContain(`Ihre Referenz lautet ${reference}. Geben Sie sie an, wenn Sie Widerspruch dazu schreiben.`);
    expect(receipt.text).toContain("Trust Center öffnen");

    // A browser that names none of ours, on an organisation whose default is English: English mails.
    const english = await objectPost(postOn(visit, "/subprocessors/object", { change: change!.id, email: "legal@customer.example", company: "Customer Ltd", reason: "EU only" }, { "accept-language": "ja" }), params(org.slug));
    expect(english.status).toBe(200);
    const englishMail = (await mailsTo("legal@customer.example")).at(-1)!;
    expect((await renderEmail({ template: "objection-verify", props: englishMail.props as never })).subject).toBe("Confirm your objection to Widerspruch's subprocessor change");
  });

  it("a language named by ?lang= is kept in the mailed link, so the confirm page and the receipt are in it whatever the browser says", async () => {
    const { org, change, visit } = await announcedChange("Lien", "Relay", "198.51.100.17");
    expect((await objectPost(postOn(visit, "/subprocessors/object?lang=fr", { change: change!.id, email: "dpo@client.example", company: "Client SA", reason: "UE" }), params(org.slug))).status).toBe(200);
    const mail = (await mailsTo("dpo@client.example")).at(-1)!;
    expect(mail.url.searchParams.get("lang")).toBe("fr");
    expect((await renderEmail({ template: "objection-verify", props: mail.props as never })).subject).toBe("Confirmez votre objection au changement de sous-traitant de Lien");
    const token = mail.url.searchParams.get("token")!;
    const landing = await (await objectVerifyGet(getWith(visit, `/subprocessors/object/verify?token=${token}&lang=fr`, { "accept-language": "en" }), params(org.slug))).text();
    expect(langOf(landing)).toBe("fr");
    expect(landing).toContain('action="/subprocessors/object/verify?lang=fr"');
    expect((await objectVerifyPost(postOn(visit, "/subprocessors/object/verify?lang=fr", { token }, { "accept-language": "en" }), params(org.slug))).status).toBe(200);
    const receipt = (await mailsTo("dpo@client.example")).at(-1)!;
    expect((await renderEmail({ template: "objection-receipt", props: receipt.props as never })).subject).toBe(`Votre objection ${String(receipt.props.reference)} auprès de Lien`);
  });
});

describe("a tenant host's request-time pages", () => {
  it("not published yet: the organisation's default language (no publication carries it yet), else the browser's; Vary: Accept-Language", async () => {
    const { org, ctx } = await createOrg(undefined, "Entwurf");
    await defaultLanguage(ctx, null, "de");
    const visit: Visit = { host: `${org.slug}.trust.test`, slug: org.slug, ip: "198.51.100.14" };
    const none = await trustGet(getWith(visit, ""), params(org.slug));
    expect(none.status).toBe(404);
    expect(none.headers.get("vary")).toBe("Accept-Language");
    const body = await none.text();
    expect([langOf(body), h1Of(body)]).toEqual(["de", "Es wurde noch nichts veröffentlicht"]);
    const french = await (await trustGet(getWith(visit, "", { "accept-language": "fr" }), params(org.slug))).text();
    expect([langOf(french), h1Of(french)]).toEqual(["fr", "Rien n’a encore été publié"]);
  });

  it("offline: 410 in the browser's language; an unknown trust center: 404 in the browser's language, English without one", async () => {
    const { org, ctx } = await createOrg(undefined, "Offline");
    await publish({ ctx });
    await unpublish({ ctx });
    const visit: Visit = { host: `${org.slug}.trust.test`, slug: org.slug, ip: "198.51.100.15" };
    const offline = await trustGet(getWith(visit, "", { "accept-language": "it" }), params(org.slug));
    expect(offline.status).toBe(410);
    expect(offline.headers.get("vary")).toBe("Accept-Language");
    const body = await offline.text();
    expect([langOf(body), h1Of(body)]).toEqual(["it", "Questo trust center è offline"]);
    const nobody: Visit = { host: "nobody.trust.test", slug: "nobody-here", ip: "198.51.100.15" };
    const unknown = await trustGet(getWith(nobody, "", { "accept-language": "fr" }), params("nobody-here"));
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("vary")).toBe("Accept-Language");
    expect(h1Of(await unknown.text())).toBe("Il n’y a rien ici");
    expect(h1Of(await (await trustGet(getWith(nobody, ""), params("nobody-here"))).text())).toBe("Nothing here");
  });
});
