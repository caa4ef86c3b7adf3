"use client";

import { useState } from "react";
import { ActionForm } from "@/components/action-form";
import { Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/server/action-state";
import { DECISIONS, MAX_RULES, RULE_MATCHES, type Decision, type RuleMatch } from "../schema";

type Draft = { key: number; match: RuleMatch; domains: string; decision: Decision };
type Saved = { match: RuleMatch; domains: string[]; decision: Decision };

const MATCH_LABELS: Record<RuleMatch, string> = { DOMAINS: "Email domain is one of…", FREE_MAIL: "Free-mail address (gmail.com…)", DISPOSABLE: "Disposable address", ANY: "Any address" };
const DECISION_LABELS: Record<Decision, string> = { APPROVE: "Approve", DENY: "Deny", REVIEW: "Manual review" };
const control = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** The list as the action takes it: domains split on commas, spaces and new lines. */
const serialise = (rules: Draft[]) =>
  JSON.stringify(rules.map((r) => (r.match === "DOMAINS" ? { match: r.match, domains: r.domains.split(/[\s,;]+/).filter(Boolean), decision: r.decision } : { match: r.match, decision: r.decision })));

/**
 * The ordered rules: add, remove, move. The list is saved as a whole (with the version the editor
 * loaded), so the order on screen is the order of evaluation.
 */
export function RulesEditor({ action, rules, version }: { action: (previous: ActionState, form: FormData) => Promise<ActionState>; rules: Saved[]; version: number }) {
  const [drafts, setDrafts] = useState<Draft[]>(() => rules.map((r, key) => ({ key, match: r.match, domains: r.domains.join(", "), decision: r.decision })));
  const [next, setNext] = useState(rules.length);
  const update = (key: number, change: Partial<Draft>) => setDrafts((list) => list.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const move = (index: number, by: -1 | 1) =>
    setDrafts((list) => {
      const copy = [...list];
      const [moved] = copy.splice(index, 1);
      copy.splice(index + by, 0, moved!);
      return copy;
    });
  const add = () => {
    setDrafts((list) => [...list, { key: next, match: "DOMAINS", domains: "", decision: "APPROVE" }]);
    setNext((n) => n + 1);
  };
  return (
    <ActionForm action={action} className="mt-3 space-y-3 text-sm">
      <input type="hidden" name="rules" value={serialise(drafts)} />
      <input type="hidden" name="version" value={version} />
      <ol className="space-y-2" data-testid="rules-editor">
        {drafts.map((rule, index) => (
          <li key={rule.key} className="flex flex-wrap items-center gap-2 rounded-md border border-zinc-200 p-2 dark:border-zinc-800" data-testid={`rule-${index + 1}`}>
            <span className="w-14 font-semibold">Rule {index + 1}</span>
            <Select size="compact" aria-label={`Rule ${index + 1}: what it matches`} value={rule.match} onChange={(e) => update(rule.key, { match: e.target.value as RuleMatch })} options={RULE_MATCHES.map((m) => ({ value: m, label: MATCH_LABELS[m] }))} />
            {rule.match === "DOMAINS" ? (
              <input aria-label={`Rule ${index + 1}: domains`} placeholder="customer.com, partner.io" value={rule.domains} onChange={(e) => update(rule.key, { domains: e.target.value })} className={`${control} min-w-56 flex-1`} />
            ) : null}
            <span>→</span>
            <Select size="compact" aria-label={`Rule ${index + 1}: decision`} value={rule.decision} onChange={(e) => update(rule.key, { decision: e.target.value as Decision })} options={DECISIONS.map((d) => ({ value: d, label: DECISION_LABELS[d] }))} />
            <button type="button" aria-label={`Move rule ${index + 1} up`} disabled={index === 0} onClick={() => move(index, -1)} className="px-1 disabled:opacity-30">
              ↑
            </button>
            <button type="button" aria-label={`Move rule ${index + 1} down`} disabled={index === drafts.length - 1} onClick={() => move(index, 1)} className="px-1 disabled:opacity-30">
              ↓
            </button>
            <button type="button" onClick={() => setDrafts((list) => list.filter((r) => r.key !== rule.key))} className="text-red-700 dark:text-red-400">
              Remove
            </button>
          </li>
        ))}
        <li className="rounded-md border border-dashed border-zinc-300 p-2 text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">Otherwise (no rule matched) → manual review</li>
      </ol>
      <div className="flex flex-wrap gap-3">
        <button type="button" onClick={add} disabled={drafts.length >= MAX_RULES} className={`${control} disabled:opacity-50`}>
          Add a rule
        </button>
        <SubmitButton pendingLabel="Saving…">Save rules</SubmitButton>
      </div>
    </ActionForm>
  );
}
