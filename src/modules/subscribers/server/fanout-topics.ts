import "server-only";

import { describeChanges, sameContent } from "@/modules/publishing/diff";
import type { PublicView } from "@/modules/publishing/view";
import { translator, type Locale } from "@/modules/publishing/render/i18n";

/**
 * Which subscriber topics a publication touches, and what changed under each, in the changelog's
 * words (describeChanges). Each topic's lines are the changelog of the view with only that topic's
 * part moved forward, so a subscriber reads the lines of the topics they follow and nothing else:
 *
 * - SUBPROCESSORS: the subprocessor list;
 * - CERTIFICATIONS: frameworks (certifications) and documents;
 * - SECURITY: updates of category SECURITY or INCIDENT (an INCIDENT is always sent at once);
 * - GENERAL: everything else (controls, FAQs, other updates, sections, reviews, disclosure, the
 *   organisation's name, overview and logo), and the first publication or going offline.
 *
 * The lines are in one language (the subscriber's, ADR 038): `changesByLanguage()` renders them
 * once per language asked for, however many subscribers read that language. Tenant-authored names
 * inside them stay as authored; the mail templates escape them.
 */
export const NOTICE_TOPICS = ["SECURITY", "SUBPROCESSORS", "CERTIFICATIONS", "GENERAL"] as const;
export type NoticeTopic = (typeof NOTICE_TOPICS)[number];

export type TopicChanges = {
  /** The changelog's lines for each topic; empty when the topic did not change. */
  lines: Record<NoticeTopic, string[]>;
  /** The topics with at least one line, in NOTICE_TOPICS order. */
  topics: NoticeTopic[];
  /** An INCIDENT update was added or changed: sent at once whatever the delivery mode. */
  incident: boolean;
};

/** describeChanges in one language: the seam through which tests count the renders. */
export type DescribeIn = (before: PublicView | null, after: PublicView | null, locale: Locale) => string[];
export const describeIn: DescribeIn = (before, after, locale) => describeChanges(before, after, translator(locale));

type Update = PublicView["updates"][number];
const isSecurity = (u: Update) => u.category === "SECURITY" || u.category === "INCIDENT";

function incidentChanged(before: PublicView, after: PublicView) {
  const old = new Map(before.updates.map((u) => [u.title, u]));
  return after.updates.some((u) => u.category === "INCIDENT" && !sameContent(old.get(u.title), u));
}

/** The topics a publication touches and their lines in `locale` (English unless told). */
export function topicChanges(before: PublicView | null, after: PublicView | null, locale: Locale = "en", describe: DescribeIn = describeIn): TopicChanges {
  const none = translator(locale)("change.none");
  const words = (a: PublicView, b: PublicView) => describe(a, b, locale).filter((line) => line !== none);
  const lines: Record<NoticeTopic, string[]> = { SECURITY: [], SUBPROCESSORS: [], CERTIFICATIONS: [], GENERAL: [] };
  if (!before || !after) {
    lines.GENERAL = describe(before, after, locale);
    return { lines, topics: lines.GENERAL.length ? ["GENERAL"] : [], incident: false };
  }
  lines.SUBPROCESSORS = words(before, { ...before, subprocessors: after.subprocessors });
  lines.CERTIFICATIONS = words(before, { ...before, frameworks: after.frameworks, documents: after.documents });
  lines.SECURITY = words(before, { ...before, updates: [...before.updates.filter((u) => !isSecurity(u)), ...after.updates.filter(isSecurity)] });
  // Everything else: the new view with the three parts above held at their old values.
  lines.GENERAL = words(before, {
    ...after,
    subprocessors: before.subprocessors,
    frameworks: before.frameworks,
    documents: before.documents,
    updates: [...after.updates.filter((u) => !isSecurity(u)), ...before.updates.filter(isSecurity)],
  });
  const topics = NOTICE_TOPICS.filter((topic) => lines[topic].length > 0);
  return { lines, topics, incident: incidentChanged(before, after) };
}

/**
 * One publication's topic changes in each language asked for: rendered on the first ask for a
 * language and kept, so a fan-out or digest renders once per (publication, language), not once
 * per subscriber. Which topics changed and whether an incident did do not depend on the language.
 */
export function changesByLanguage(before: PublicView | null, after: PublicView | null, describe: DescribeIn = describeIn): (locale: Locale) => TopicChanges {
  const rendered = new Map<Locale, TopicChanges>();
  return (locale) => {
    let changes = rendered.get(locale);
    if (!changes) {
      changes = topicChanges(before, after, locale, describe);
      rendered.set(locale, changes);
    }
    return changes;
  };
}

/** The lines a subscriber of `followed` reads, in topic order, without repeats. */
export function linesFor(changes: TopicChanges, followed: readonly string[]): string[] {
  const out: string[] = [];
  for (const topic of changes.topics) if (followed.includes(topic)) for (const line of changes.lines[topic]) if (!out.includes(line)) out.push(line);
  return out;
}
