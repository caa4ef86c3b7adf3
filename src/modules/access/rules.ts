import type { Decision, RuleMatch } from "./schema";

/**
 * The organisation's auto-decision rules, evaluated in their shown order: the first rule that
 * matches decides; none matching means manual review. Pure, so the order and the deciding rule
 * are tested without a database. Each decision records the rule that made it, as a snapshot
 * (rules are replaced when an admin saves the list, the snapshot stays true to what decided).
 */
export type Rule = { id: string; position: number; match: RuleMatch; domains: string[]; decision: Decision };
export type EmailClass = { domain: string; free: boolean; disposable: boolean };
export type RuleOutcome = { decision: Decision; rule: Rule | null; snapshot: string };

const MATCH_LABELS: Record<RuleMatch, string> = {
  DOMAINS: "email domain is",
  FREE_MAIL: "free-mail address",
  DISPOSABLE: "disposable address",
  ANY: "any address",
};
const DECISION_LABELS: Record<Decision, string> = { APPROVE: "approve", DENY: "deny", REVIEW: "manual review" };

/** A domain rule lists example.com: it matches example.com and any subdomain of it. */
export function domainMatches(domain: string, listed: string) {
  return domain === listed || domain.endsWith(`.${listed}`);
}

export function ruleMatches(rule: Pick<Rule, "match" | "domains">, email: EmailClass): boolean {
  switch (rule.match) {
    case "DOMAINS":
      return rule.domains.some((listed) => domainMatches(email.domain, listed));
    case "FREE_MAIL":
      return email.free;
    case "DISPOSABLE":
      return email.disposable;
    case "ANY":
      return true;
  }
}

/** "Rule 2: email domain is acme.com, globex.com → approve". */
export function describeRule(rule: Pick<Rule, "position" | "match" | "domains" | "decision">, index?: number): string {
  const what = rule.match === "DOMAINS" ? `${MATCH_LABELS.DOMAINS} ${rule.domains.join(", ")}` : MATCH_LABELS[rule.match];
  return `Rule ${index ?? rule.position}: ${what} → ${DECISION_LABELS[rule.decision]}`;
}

export const NO_RULE_MATCHED = "No rule matched → manual review";

export function evaluateRules(rules: readonly Rule[], email: EmailClass): RuleOutcome {
  const ordered = [...rules].sort((a, b) => a.position - b.position);
  for (const [index, rule] of ordered.entries()) {
    if (ruleMatches(rule, email)) return { decision: rule.decision, rule, snapshot: describeRule(rule, index + 1) };
  }
  return { decision: "REVIEW", rule: null, snapshot: NO_RULE_MATCHED };
}
