import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Lighthouse (the installed version, with chrome-launcher) against Debian's Chromium: the default
 * configuration, i.e. the mobile form factor with its simulated throttling, the four categories.
 * Used by `npm run bench:lighthouse` (every public surface) and `npm run bench:public` (/t/bench).
 * Each run launches a fresh Chromium (a clean profile: nothing cached from the run before).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
export type Category = (typeof CATEGORIES)[number];
/** The budget: every category of every run at least this. */
export const LIGHTHOUSE_BUDGET = 0.95;

const CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export type LighthouseRun = {
  scores: Record<Category, number>;
  /** Every audit of the four categories scored below 0.9 (weight 0: shown, not counted in the score). */
  below: { category: Category; id: string; title: string; score: number; weight: number; detail: string }[];
  /** First/Largest Contentful Paint, Total Blocking Time (ms), Cumulative Layout Shift. */
  metrics: { fcp: number; lcp: number; tbt: number; cls: number };
  /**
   * Long tasks (ms, as observed) the trace attributes to the page's own URL, and the rest
   * ("Unattributable": Chromium's own work, which the host's load stretches).
   */
  longTasks: { page: number; other: number };
};
/** `retries`: runs Lighthouse could not trace and ran again. */
export type LighthouseSurface = { label: string; url: string; version: string; runs: LighthouseRun[]; retries: number };

/** `runs` Lighthouse runs of `url`, one after another. */
export async function lighthouseRuns(label: string, url: string, runs = 3): Promise<LighthouseSurface> {
  const { launch } = await import("chrome-launcher");
  const { default: lighthouse } = await import("lighthouse");
  const out: LighthouseRun[] = [];
  let version = "";
  let retries = 0;
  for (let i = 0; i < runs; i++) {
    const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS });
    try {
      const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: process.env.LIGHTHOUSE_LOG === "1" ? "info" : "error", onlyCategories: [...CATEGORIES] });
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
      const { lhr } = result;
      // A run whose trace Lighthouse could not read (it says "run Lighthouse again") is run again,
      // at most twice per surface, and counted; anything else stops the bench.
      if (lhr.runtimeError && lhr.runtimeError.message.includes("again") && retries < 2) {
        retries++;
        i--;
        console.error(`lighthouse: ${url}: ${lhr.runtimeError.code}, running it again`);
        continue;
      }
      if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      version = lhr.lighthouseVersion;
      // LIGHTHOUSE_JSON_DIR: every run's full report, to read what an audit found.
      if (process.env.LIGHTHOUSE_JSON_DIR) {
        mkdirSync(process.env.LIGHTHOUSE_JSON_DIR, { recursive: true });
        writeFileSync(path.join(process.env.LIGHTHOUSE_JSON_DIR, `${label.replace(/[^a-z0-9]+/gi, "-")}-${i + 1}.json`), JSON.stringify(lhr));
      }
      out.push(runOf(lhr));
    } finally {
      chrome.kill();
    }
  }
  return { label, url, version, runs: out, retries };
}

type Report = { categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] } | undefined>; audits: Record<string, { id: string; title: string; score: number | null; numericValue?: number; displayValue?: string; explanation?: string; details?: unknown }> };

/** One run's figures from its report (Lighthouse's JSON result). */
export function runOf(lhr: Report): LighthouseRun {
  const scores = Object.fromEntries(CATEGORIES.map((id) => [id, lhr.categories[id]?.score ?? 0])) as Record<Category, number>;
  const below = CATEGORIES.flatMap((id) =>
    (lhr.categories[id]?.auditRefs ?? [])
      .map((ref) => ({ ref, audit: lhr.audits[ref.id]! }))
      .filter(({ audit }) => typeof audit.score === "number" && audit.score < 0.9)
      .map(({ ref, audit }) => ({ category: id, id: audit.id, title: audit.title, score: audit.score!, weight: ref.weight, detail: [audit.displayValue, audit.explanation].filter(Boolean).join("; ") })),
  );
  const metric = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
  const tasks = ((lhr.audits["long-tasks"]?.details as { items?: { url?: string; duration: number }[] } | undefined)?.items ?? []).map((task) => ({ own: task.url?.startsWith("http") ?? false, ms: task.duration }));
  const longTasks = { page: sum(tasks.filter((task) => task.own).map((task) => task.ms)), other: sum(tasks.filter((task) => !task.own).map((task) => task.ms)) };
  return { scores, below, longTasks, metrics: { fcp: metric("first-contentful-paint"), lcp: metric("largest-contentful-paint"), tbt: metric("total-blocking-time"), cls: metric("cumulative-layout-shift") } };
}

/** The lowest score of each category over the runs. */
export function minimumScores(surface: LighthouseSurface): Record<Category, number> {
  return Object.fromEntries(CATEGORIES.map((id) => [id, Math.min(...surface.runs.map((run) => run.scores[id]))])) as Record<Category, number>;
}

/** Every "surface run N category score" under the budget; empty when the budget holds. */
export function budgetMisses(surfaces: LighthouseSurface[], budget = LIGHTHOUSE_BUDGET): string[] {
  return surfaces.flatMap((surface) =>
    surface.runs.flatMap((run, i) => CATEGORIES.filter((id) => run.scores[id] < budget).map((id) => `${surface.label}, run ${i + 1}: ${id} ${run.scores[id]}`)),
  );
}

/** A Markdown table (surface × run × category, with each surface's minimum) and each surface's audits below 0.9. */
export function lighthouseReport(surfaces: LighthouseSurface[]): string {
  const score = (n: number) => n.toFixed(2);
  const lines = [
    `| surface | run | performance | accessibility | best practices | SEO | FCP ms | LCP ms | TBT ms | CLS | long tasks ms: page / unattributed |`,
    `|---|---|---|---|---|---|---|---|---|---|---|`,
  ];
  for (const surface of surfaces) {
    surface.runs.forEach((run, i) => {
      const m = run.metrics;
      lines.push(`| ${surface.label} | ${i + 1} | ${CATEGORIES.map((id) => score(run.scores[id])).join(" | ")} | ${Math.round(m.fcp)} | ${Math.round(m.lcp)} | ${Math.round(m.tbt)} | ${m.cls.toFixed(3)} | ${Math.round(run.longTasks.page)} / ${Math.round(run.longTasks.other)} |`);
    });
    const min = minimumScores(surface);
    lines.push(`| ${surface.label} | **min** | ${CATEGORIES.map((id) => `**${score(min[id])}**`).join(" | ")} | | | | | |`);
  }
  for (const surface of surfaces) {
    const audits = new Map<string, { category: Category; title: string; weight: number; scores: string[]; details: Set<string> }>();
    surface.runs.forEach((run, i) => {
      for (const audit of run.below) {
        const entry = audits.get(`${audit.category}/${audit.id}`) ?? { category: audit.category, title: audit.title, weight: audit.weight, scores: surface.runs.map(() => "≥ 0.9"), details: new Set<string>() };
        entry.scores[i] = String(audit.score);
        if (audit.detail) entry.details.add(audit.detail);
        audits.set(`${audit.category}/${audit.id}`, entry);
      }
    });
    const below = [...audits.values()].map((a) => `  - ${a.category}: ${a.title}${a.weight > 0 ? "" : " (weight 0: not in the score)"}: ${a.scores.join(", ")}${a.details.size ? ` (${[...a.details].join(" | ")})` : ""}`);
    const retried = surface.retries ? ` (${surface.retries} run(s) Lighthouse could not trace, run again)` : "";
    lines.push(`\n${surface.label} (${surface.url})${retried}: ${below.length ? `audits below 0.9 (score per run):\n${below.join("\n")}` : "no audit below 0.9 in any run"}`);
  }
  return lines.join("\n");
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
