/**
 * The dashboard bench's pure parts: reading a form out of a page, and the figures.
 */
export type Outcome = { kind: string; ms: number; result: "ok" | "conflict" | "error"; detail: string };

const attribute = (tag: string, name: string) => {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? decodeEntities(match[1]!) : undefined;
};
const decodeEntities = (text: string) => text.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/**
 * The control's edit form (the one with a `ref` field) as the browser would submit it: every
 * named input (hidden ones included: the action's id and bound arguments, the version),
 * selects at their selected option, textareas with their text.
 */
export function controlForm(html: string): FormData | null {
  const forms = html.match(/<form[\s\S]*?<\/form>/g) ?? [];
  const form = forms.find((candidate) => /name="ref"/.test(candidate) && /name="version"/.test(candidate));
  if (!form) return null;
  const data = new FormData();
  for (const tag of form.match(/<input\b[^>]*>/g) ?? []) {
    const name = attribute(tag, "name");
    const type = attribute(tag, "type") ?? "text";
    if (!name || ((type === "checkbox" || type === "radio") && !/\schecked(=""|\s|>|\/)/.test(tag))) continue;
    data.append(name, attribute(tag, "value") ?? "");
  }
  for (const [, tag, inner] of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attribute(tag!, "name");
    if (!name) continue;
    const options = [...inner!.matchAll(/<option\b([^>]*)>/g)].map((m) => m[1]!);
    const chosen = options.find((o) => /\sselected(=""|\s|$)/.test(o)) ?? options[0];
    data.append(name, chosen ? (attribute(chosen, "value") ?? "") : "");
  }
  for (const [, tag, inner] of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attribute(tag!, "name");
    if (name) data.append(name, decodeEntities(inner!).replace(/^\n/, ""));
  }
  return data;
}

const at = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

export function summarise(outcomes: Outcome[], seconds: number) {
  const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const errors = outcomes.filter((o) => o.result === "error").length;
  const conflicts = outcomes.filter((o) => o.result === "conflict").length;
  const [p50, p95, p99] = [at(ms, 0.5), at(ms, 0.95), at(ms, 0.99)];
  const byKind: Record<string, string> = {};
  for (const kind of new Set(outcomes.map((o) => o.kind))) {
    const own = outcomes.filter((o) => o.kind === kind).map((o) => o.ms).sort((a, b) => a - b);
    byKind[kind] = `${own.length} requests, p50 ${at(own, 0.5).toFixed(0)}, p95 ${at(own, 0.95).toFixed(0)}, p99 ${at(own, 0.99).toFixed(0)}, errors ${outcomes.filter((o) => o.kind === kind && o.result === "error").length}`;
  }
  const row = `${outcomes.length} | ${(outcomes.length / seconds).toFixed(1)} | ${errors} | ${conflicts} | ${p50.toFixed(0)} | ${p95.toFixed(0)} | ${p99.toFixed(0)}`;
  return { errors, conflicts, p50, p95, p99, row, byKind };
}
