import { describe, expect, it } from "vitest";
import { changesByLanguage, describeIn, linesFor, topicChanges, type DescribeIn } from "@/modules/subscribers/server/fanout-topics";
import { modeFor } from "@/modules/subscribers/server/fanout";
import type { PublicView } from "@/modules/publishing/view";
import { sparseView } from "../support/public-view";

/** Which subscriber topics a publication touches, and the words each topic's subscribers read (issue 13). */
const processor = (vendor: string, location = "EU"): PublicView["subprocessors"][number] => ({
  vendor,
  website: null,
  purpose: "email delivery",
  dataCategories: "email addresses",
  location,
  transferMechanism: null,
  since: null,
  status: "ACTIVE",
  effectiveDate: null,
  removedAt: null,
});
const update = (title: string, category: PublicView["updates"][number]["category"]): PublicView["updates"][number] => ({ title, body: "Details.", category, publishedAt: "2026-12-01" });
const framework = (name: string): PublicView["frameworks"][number] => ({ name, status: "CERTIFIED", auditor: null, periodStart: null, periodEnd: null, reportUrl: null, note: "" });

describe("topicChanges", () => {
  const before = sparseView({ subprocessors: [processor("Postmark")], updates: [update("Welcome", "GENERAL")] });

  it("a new subprocessor touches SUBPROCESSORS only, in the changelog's words", () => {
    const after = sparseView({ ...before, subprocessors: [processor("Postmark"), processor("Resend", "US")] });
    const changes = topicChanges(before, after);
    expect(changes.topics).toEqual(["SUBPROCESSORS"]);
    expect(changes.lines.SUBPROCESSORS).toEqual(["Subprocessor added: Resend (US, email delivery)"]);
    expect(changes.incident).toBe(false);
    expect(linesFor(changes, ["GENERAL", "SECURITY"])).toEqual([]);
    expect(linesFor(changes, ["SUBPROCESSORS"])).toEqual(["Subprocessor added: Resend (US, email delivery)"]);
  });

  it("a framework touches CERTIFICATIONS; a FAQ GENERAL; each subscriber reads only their topics' lines", () => {
    const after = sparseView({ ...before, frameworks: [framework("ISO 27001")], faqs: [{ question: "Do you encrypt?", answer: "Yes." }] });
    const changes = topicChanges(before, after);
    expect(changes.topics).toEqual(["CERTIFICATIONS", "GENERAL"]);
    expect(linesFor(changes, ["CERTIFICATIONS"])).toEqual(["Framework added: ISO 27001 (Certified)"]);
    expect(linesFor(changes, ["GENERAL"])).toEqual(["FAQ added: Do you encrypt?"]);
    expect(linesFor(changes, ["GENERAL", "CERTIFICATIONS", "SECURITY", "SUBPROCESSORS"])).toEqual(["Framework added: ISO 27001 (Certified)", "FAQ added: Do you encrypt?"]);
  });

  it("a SECURITY update touches SECURITY, a GENERAL update GENERAL; an INCIDENT is marked as one", () => {
    const security = topicChanges(before, sparseView({ ...before, updates: [...before.updates, update("Pen test done", "SECURITY")] }));
    expect(security.topics).toEqual(["SECURITY"]);
    expect(security.lines.SECURITY).toEqual(["Update added: Pen test done"]);
    expect(security.incident).toBe(false);
    const incident = topicChanges(before, sparseView({ ...before, updates: [...before.updates, update("Outage on 1 Dec", "INCIDENT")] }));
    expect(incident.topics).toEqual(["SECURITY"]);
    expect(incident.incident).toBe(true);
    const general = topicChanges(before, sparseView({ ...before, updates: [update("Welcome", "GENERAL"), update("New office", "GENERAL")] }));
    expect(general.topics).toEqual(["GENERAL"]);
  });

  it("nothing changed: no topic; the first publication: GENERAL", () => {
    expect(topicChanges(before, sparseView({ ...before })).topics).toEqual([]);
    const first = topicChanges(null, before);
    expect(first.topics).toEqual(["GENERAL"]);
    expect(first.lines.GENERAL).toEqual(["First publication."]);
  });
});

describe("changesByLanguage", () => {
  const before = sparseView({ subprocessors: [processor("Postmark")] });
  const after = sparseView({ ...before, subprocessors: [processor("Postmark"), processor("Resend", "US")], faqs: [{ question: "<b>Wer?</b>", answer: "Wir." }] });

  it("each language's lines in that language, tenant names as authored, the same topics; each language rendered once however often asked", () => {
    const calls: string[] = [];
    const describe: DescribeIn = (a, b, locale) => {
      calls.push(locale);
      return describeIn(a, b, locale);
    };
    const changesIn = changesByLanguage(before, after, describe);
    for (let i = 0; i < 3; i += 1) {
      expect(linesFor(changesIn("de"), ["SUBPROCESSORS", "GENERAL"])).toEqual(["Unterauftragsverarbeiter hinzugefügt: Resend (US, email delivery)", "FAQ hinzugefügt: <b>Wer?</b>"]);
      expect(linesFor(changesIn("en"), ["SUBPROCESSORS", "GENERAL"])).toEqual(["Subprocessor added: Resend (US, email delivery)", "FAQ added: <b>Wer?</b>"]);
    }
    expect(changesIn("de").topics).toEqual(["SUBPROCESSORS", "GENERAL"]);
    expect(calls).toEqual(["de", "de", "de", "de", "en", "en", "en", "en"]);
  });

  it("the first publication, in German", () => {
    expect(topicChanges(null, before, "de").lines.GENERAL).toEqual(["Erste Veröffentlichung."]);
  });
});

describe("modeFor", () => {
  const modes = { SECURITY: "WEEKLY", SUBPROCESSORS: "DAILY", CERTIFICATIONS: "IMMEDIATE", GENERAL: "WEEKLY" } as const;
  const plain = { incident: false, topics: [], lines: { SECURITY: [], SUBPROCESSORS: [], CERTIFICATIONS: [], GENERAL: [] } };

  it("the most immediate of the subscriber's matched topics' modes", () => {
    expect(modeFor({ changes: plain, modes }, ["SUBPROCESSORS"])).toBe("DAILY");
    expect(modeFor({ changes: plain, modes }, ["SUBPROCESSORS", "GENERAL"])).toBe("DAILY");
    expect(modeFor({ changes: plain, modes }, ["GENERAL", "CERTIFICATIONS"])).toBe("IMMEDIATE");
    expect(modeFor({ changes: plain, modes }, ["SECURITY"])).toBe("WEEKLY");
  });

  it("an incident reaches SECURITY subscribers at once, whatever the organisation chose", () => {
    expect(modeFor({ changes: { ...plain, incident: true }, modes }, ["SECURITY"])).toBe("IMMEDIATE");
    expect(modeFor({ changes: { ...plain, incident: true }, modes }, ["GENERAL"])).toBe("WEEKLY");
  });
});
