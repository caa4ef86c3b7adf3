import "server-only";

import { describeChanges, sameContent } from "@/modules/publishing/diff";
import type { PublicView } from "@/modules/publishing/view";
import { translator } from "@/modules/publishing/render/i18n";

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

type Update = PublicView["updates"][number];
const isSecurity = (u: Update) => u.category === "SECURITY" || u.category === "INCIDENT";
const NONE = translator("en")("change.none");

function words(before: PublicView, after: PublicView) {
  return describeChanges(before, after, translator("en")).filter((line) => line !== NONE);
}

function incidentChanged(before: PublicView, after: PublicView) {
  const old = new Map(before.updates.map((u) => [u.title, u]));
  return after.updates.some((u) => u.category === "INCIDENT" && !sameContent(old.get(u.title), u));
}

export function topicChanges(before: PublicView | null, after: PublicView | null): TopicChanges {
  const lines: Record<NoticeTopic, string[]> = { SECURITY: [], SUBPROCESSORS: [], CERTIFICATIONS: [], GENERAL: [] };
  if (!before || !after) {
    lines.GENERAL = describeChanges(before, after, translator("en"));
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

/** The lines a subscriber of `followed` reads, in topic order, without repeats. */
export function linesFor(changes: TopicChanges, followed: readonly string[]): string[] {
  const out: string[] = [];
  for (const topic of changes.topics) if (followed.includes(topic)) for (const line of changes.lines[topic]) if (!out.includes(line)) out.push(line);
  return out;
}
