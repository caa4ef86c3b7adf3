import { describe, expect, it } from "vitest";
import { chromeOf, fieldMessage, keepLang, localizedErrors, type FieldRule } from "@/modules/access/render/chrome";
import { catalogOf, LOCALES, translator } from "@/modules/publishing/render/i18n";

/**
 * The prospect pages' chrome (issue 15, ADR 038; src/modules/access/render/chrome.ts): which
 * language a page is in, how a language named by ?lang= travels with a form, and how a field's
 * message is chosen from what was posted. The catalogs' parity (same keys, same ICU arguments) is
 * checked for every key, these included, by tests/unit/i18n.test.ts.
 */
describe("the language of a prospect page", () => {
  it("is the request's, else the organisation's default, else English", () => {
    expect(chromeOf({ locale: "de" }, { language: "fr" }).locale).toBe("de");
    expect(chromeOf({ locale: null }, { language: "fr" }).locale).toBe("fr");
    expect(chromeOf({}, null).locale).toBe("en");
    expect(chromeOf({ locale: "nl" }).t("access.request.title")).toBe("Toegang aanvragen");
  });

  it("keeps a language named by ?lang= in our paths (and nothing when none was named)", () => {
    const named = chromeOf({ locale: "it", named: "it" });
    expect(keepLang(named, "/access")).toBe("/access?lang=it");
    expect(keepLang(named, "/subscribe/manage?s=abc")).toBe("/subscribe/manage?s=abc&lang=it");
    expect(keepLang(chromeOf({ locale: "it" }), "/access")).toBe("/access");
  });
});

describe("a field's message, chosen from what was posted", () => {
  const company: FieldRule = { kind: "text", label: "prospect.field.company", max: 200, required: "prospect.error.companyRequired" };
  it.each([
    ["en", "", "Enter company."],
    ["en", "x".repeat(201), "Company: at most 200 characters."],
    ["en", "Acme\u0007", "Company cannot contain control characters."],
    ["de", "   ", "Geben Sie Ihr Unternehmen ein."],
    ["de", "x".repeat(201), "Unternehmen: höchstens 200 Zeichen."],
    ["fr", "Acme\u0000", "Entreprise ne peut pas contenir de caractères de contrôle."],
    ["es", "x".repeat(201), "Empresa: como máximo 200 caracteres."],
  ] as const)("%s: a company of %j", (locale, value, expected) => {
    expect(fieldMessage(translator(locale), company, value)).toBe(expected);
  });

  it.each([
    ["", "Geben Sie Ihre E-Mail-Adresse ein."],
    [`${"a".repeat(250)}@b.de`, "Diese E-Mail-Adresse ist zu lang."],
    ["a@b@c", "Geben Sie eine einzelne, einfache E-Mail-Adresse ein."],
  ])("an email address %j, in German", (value, expected) => {
    expect(fieldMessage(translator("de"), { kind: "email" }, value)).toBe(expected);
  });

  it("items: none chosen, or some not listed; a long reason counts its limit in the language's digits", () => {
    const t = translator("en");
    const items: FieldRule = { kind: "choice", none: "prospect.error.itemsNone", unknown: "prospect.error.itemsUnknown" };
    expect(fieldMessage(t, items, [])).toBe("Choose at least one item, or all of them.");
    expect(fieldMessage(t, items, ["document:x"])).toBe("Choose items listed on this trust center.");
    const reason: FieldRule = { kind: "text", label: "prospect.field.reason", max: 2000, required: "prospect.error.objectionReason" };
    expect(fieldMessage(t, reason, "x".repeat(2001))).toBe("Reason: at most 2,000 characters.");
    expect(fieldMessage(translator("de"), reason, "x".repeat(2001))).toBe("Grund: höchstens 2.000 Zeichen.");
  });

  it("the fields a schema found wrong get one message each, nested paths at their field; unknown fields none", () => {
    const rules: Record<string, FieldRule> = { email: { kind: "email" }, nda: { kind: "fixed", key: "prospect.error.ndaTick" } };
    const wrong = { email: ["Enter your email address."], "nda.accepted": ["x"], "nda.versionId": ["y"], form: ["z"] };
    expect(localizedErrors(translator("it"), wrong, rules, { email: "" })).toEqual({ email: ["Inserisca il Suo indirizzo e-mail."], nda: ["Spunti «Accetto» per accettare l’NDA."] });
  });
});

describe("the prospect catalogs", () => {
  it("every language has the prospect block, none of it left in English", () => {
    const english = catalogOf("en");
    const keys = Object.keys(english).filter((key) => /^(prospect|access|subscribe\.(page|sent|confirm|done|manage|badLink|used|expired|again)|unsubscribe|objection)\./.test(key));
    expect(keys.length).toBeGreaterThan(100);
    for (const locale of LOCALES.filter((l) => l !== "en")) {
      const catalog = catalogOf(locale);
      // Words that are the same in every language ("Document", "(optional)") are few; whole sentences never are.
      const same = keys.filter((key) => catalog[key as keyof typeof english] === english[key as keyof typeof english] && english[key as keyof typeof english].includes(" "));
      expect({ locale, same }).toEqual({ locale, same: [] });
    }
  });

  it.each([
    ["en", "We sent a link to a@b.example. Open it within 1 minute to confirm your address and send your request.", "Please wait a little"],
    ["de", "Wir haben einen Link an a@b.example gesendet. Öffnen Sie ihn innerhalb von 1 Minute, um Ihre Adresse zu bestätigen und Ihre Anfrage zu senden.", "Bitte warten Sie einen Moment"],
    ["fr", "Nous avons envoyé un lien à a@b.example. Ouvrez-le sous 1 minute pour confirmer votre adresse et envoyer votre demande.", "Veuillez patienter un peu"],
    ["nl", "We hebben een link naar a@b.example gestuurd. Open die binnen 1 minuut om uw adres te bevestigen en uw aanvraag te versturen.", "Even geduld"],
    ["es", "Hemos enviado un enlace a a@b.example. Ábralo en un plazo de 1 minuto para confirmar su dirección y enviar su solicitud.", "Espere un poco, por favor"],
    ["it", "Abbiamo inviato un link a a@b.example. Lo apra entro 1 minuto per confermare il Suo indirizzo e inviare la Sua richiesta.", "Attenda un momento"],
  ] as const)("%s: a plural's one, and a heading", (locale, sent, wait) => {
    const t = translator(locale);
    expect(t("access.sent.body", { email: "a@b.example", minutes: 1 })).toBe(sent);
    expect(t("prospect.page.wait")).toBe(wait);
  });

  it.each([
    ["en", "Too many access requests from here. You can try again in about 2 minutes."],
    ["de", "Zu viele Zugangsanfragen von hier. Sie können es in etwa 2 Minuten erneut versuchen."],
    ["fr", "Trop de demandes d’accès depuis cette adresse. Vous pourrez réessayer dans 2 minutes environ."],
    ["nl", "Te veel toegangsaanvragen vanaf dit adres. U kunt het over ongeveer 2 minuten opnieuw proberen."],
    ["es", "Demasiadas solicitudes de acceso desde aquí. Puede volver a intentarlo dentro de 2 minutos aproximadamente."],
    ["it", "Troppe richieste di accesso da qui. Potrà riprovare tra circa 2 minuti."],
  ] as const)("%s: the 429 page's sentence (a select nesting a plural)", (locale, expected) => {
    expect(translator(locale)("prospect.page.waitBody", { flow: "access", minutes: 2 })).toBe(expected);
  });
});
