import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { LOCALES, type Locale } from "@/lib/locales";
import { mailCatalogOf } from "@/modules/email/i18n";
import { renderEmail } from "@/modules/email/server/render";

/** Prospects' mails in their language (issue 15, ADR 038). */
function argumentsOf(message: string, locale: Locale): string[] {
  const names = new Set<string>();
  type Node = { type: number; value?: unknown; options?: Record<string, { value: Node[] }> };
  const walk = (nodes: Node[]) => {
    for (const node of nodes) {
      if (node.type >= 1 && node.type <= 6 && typeof node.value === "string") names.add(node.value);
      for (const option of Object.values(node.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst() as unknown as Node[]);
  return [...names].sort();
}

describe("the prospects' mail catalogs", () => {
  it.each(LOCALES.filter((l) => l !== "en"))("%s has every English key, each parsing with the same arguments", (locale) => {
    const english = mailCatalogOf("en");
    const catalog = mailCatalogOf(locale);
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(english).sort());
    for (const key of Object.keys(english) as (keyof typeof english)[]) {
      expect({ key, args: argumentsOf(catalog[key], locale) }).toEqual({ key, args: argumentsOf(english[key], "en") });
    }
  });
});

const confirm = { orgName: "Acme <b>", url: "https://acme.example/subscribe/confirm?token=x", topics: ["Security"], expiresInHours: 24 };

describe("a prospect's mail in their language", () => {
  it.each([
    [undefined, "Confirm your subscription to Acme <b>'s trust center", "The link works once and expires in 24 hours.", 'lang="en"'],
    ["de", "Bestätigen Sie Ihr Abonnement des Trust Centers von Acme <b>", "Der Link funktioniert einmal und läuft in 24 Stunden ab.", 'lang="de"'],
    ["fr", "Confirmez votre abonnement au centre de confiance de Acme <b>", "Le lien ne fonctionne qu’une fois et expire dans 24 heures.", 'lang="fr"'],
    ["nl", "Bevestig uw abonnement op het trustcenter van Acme <b>", "De link werkt één keer en verloopt over 24 uur.", 'lang="nl"'],
    ["es", "Confirme su suscripción al centro de confianza de Acme <b>", "El enlace funciona una sola vez y caduca en 24 horas.", 'lang="es"'],
    ["it", "Confermi l’iscrizione al trust center di Acme <b>", "Il link funziona una sola volta e scade tra 24 ore.", 'lang="it"'],
  ] as const)("subscriber-confirm in %s: subject, text, <html lang>; the organisation's name stays text", async (locale, subject, sentence, lang) => {
    const mail = await renderEmail({ template: "subscriber-confirm", props: { ...confirm, ...(locale ? { locale } : {}) } });
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain(sentence);
    expect(mail.html).toContain(lang);
    expect(mail.html).not.toContain("<b>");
  });

  it("one hour and one minute are singular; the notice's count of further changes is plural-aware", async () => {
    const verify = await renderEmail({ template: "access-verify", props: { orgName: "Acme", url: "https://acme.example/access/verify?token=x", expiresInMinutes: 1, locale: "de" } });
    expect(verify.text).toContain("läuft in 1 Minute ab");
    const link = await renderEmail({ template: "access-link", props: { orgName: "Acme", url: "https://acme.example/access/open?token=x", expiresInHours: 1, locale: "es" } });
    expect(link.text).toContain("caduca en 1 hora.");
    const notice = { orgName: "Acme", seq: 1234, lines: ["Added control X"], pageUrl: "https://acme.example/", verifyUrl: "https://acme.example/verify", unsubscribeUrl: "https://acme.example/u", manageUrl: "https://acme.example/m" };
    const one = await renderEmail({ template: "publication-notice", props: { ...notice, more: 1, locale: "fr" } });
    expect(one.text).toContain("Et 1 autre modification, listée dans le journal des modifications.");
    expect(one.text).toContain("(publication n° 1234)");
    const many = await renderEmail({ template: "publication-notice", props: { ...notice, more: 3, locale: "it" } });
    expect(many.text).toContain("E altre 3 modifiche, elencate nel registro delle modifiche.");
    const digest = await renderEmail({ template: "publication-digest", props: { ...notice, period: "weekly", notices: [{ seq: 7, publishedOn: "2026-12-01", lines: ["x"] }], more: 0, locale: "nl" } });
    expect(digest.subject).toBe("Acme: 1 update van het trustcenter (wekelijks overzicht)");
  });

  it("the decision mail: the grant's end and the link's hours only when given", async () => {
    const base = { orgName: "Acme", url: "https://acme.example/access/open?token=x", detail: "" };
    const approved = await renderEmail({ template: "access-decision", props: { ...base, kind: "approved", expiresOn: "2027-01-31", linkExpiresInHours: 48, locale: "de" } });
    expect(approved.subject).toBe("Ihr Zugang zu den Dokumenten von Acme wurde genehmigt");
    expect(approved.text).toContain("freigegebenen Dokumente zu sehen, bis 2027-01-31. Der Link funktioniert einmal und läuft in 48 Stunden ab;");
    const denied = await renderEmail({ template: "access-decision", props: { ...base, kind: "denied", detail: "{evil} <script>", expiresOn: null, linkExpiresInHours: null, locale: "fr" } });
    expect(denied.subject).toBe("Votre demande d’accès à Acme a été refusée");
    expect(denied.text).toContain("Motif : {evil} <script>");
    expect(denied.html).not.toContain("<script>");
    const english = await renderEmail({ template: "access-decision", props: { ...base, kind: "approved", expiresOn: null, linkExpiresInHours: null } });
    expect(english.text).toContain("Open the link below to see the documents you were granted. The link works once; from the trust center you can ask for a new one while your access lasts.");
  });
});
