import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES, translator } from "@/modules/publishing/render/i18n";
import { renderTrustPage } from "@/modules/publishing/render/page";
import { PUBLIC_CSS } from "@/modules/publishing/render/styles";
import { PUBLIC_CSP } from "@/modules/publishing/server/surfaces";
import { benchView, demoView } from "../support/design-views";
import { pageMeta, sparseView } from "../support/public-view";

/**
 * The in-page status filter (issue 15, ADR 039): CSS only, so the stored page keeps its fixed CSP
 * with no script-src. The browser-level behaviour (choosing "Implemented", JavaScript off, print)
 * is in tests/e2e/public-design.spec.ts.
 */
const today = new Date("2026-12-01T00:00:00.000Z");
const filterOf = (html: string) => /<fieldset class="filter"[^>]*>.*?<\/fieldset>/s.exec(html)?.[0] ?? null;

describe("the chips", () => {
  it("All and each status present, with its count, in a hidden fieldset with a legend; All chosen", () => {
    const html = renderTrustPage(demoView(), pageMeta({ today }));
    expect(filterOf(html)).toBe(
      '<fieldset class="filter" hidden><legend>Show controls</legend>' +
        '<label><input type="radio" name="show" value="all" id="show-all" checked> All <span class="meta">31</span></label>' +
        '<label><input type="radio" name="show" value="IMPLEMENTED" id="show-IMPLEMENTED"> Implemented <span class="meta">23</span></label>' +
        '<label><input type="radio" name="show" value="IN_PROGRESS" id="show-IN_PROGRESS"> In progress <span class="meta">4</span></label>' +
        '<label><input type="radio" name="show" value="PLANNED" id="show-PLANNED"> Planned <span class="meta">3</span></label>' +
        '<label><input type="radio" name="show" value="NOT_APPLICABLE" id="show-NOT_APPLICABLE"> Not applicable <span class="meta">1</span></label>' +
        "</fieldset>",
    );
  });

  it("in the page's language", () => {
    const html = renderTrustPage(demoView(), pageMeta({ today, locale: "de", t: translator("de") }));
    expect(filterOf(html)).toContain("<legend>Kontrollen anzeigen</legend>");
    expect(filterOf(html)).toContain('id="show-all" checked> Alle <span class="meta">31</span>');
    expect(filterOf(html)).toContain('id="show-IMPLEMENTED"> Umgesetzt <span class="meta">23</span>');
    expect(LOCALES.map((locale) => [translator(locale)("filter.legend"), translator(locale)("filter.all")])).toEqual([
      ["Show controls", "All"],
      ["Kontrollen anzeigen", "Alle"],
      ["Afficher les contrôles", "Tous"],
      ["Maatregelen tonen", "Alle"],
      ["Mostrar controles", "Todos"],
      ["Mostra i controlli", "Tutti"],
    ]);
  });

  it("every control card says its status, the one the filter matches on", () => {
    const view = benchView();
    const html = renderTrustPage(view, pageMeta({ today }));
    const statuses = [...html.matchAll(/<li class="card control" id="control-[^"]+" data-status="([A-Z_]+)">/g)].map((m) => m[1]);
    expect(statuses.length).toBe(100);
    expect(statuses.filter((s) => s === "IMPLEMENTED").length).toBe(74);
    expect(statuses.filter((s) => s === "PLANNED").length).toBe(10);
  });

  it("no chips when there is nothing to filter: no controls, or every control of one status", () => {
    expect(filterOf(renderTrustPage(sparseView(), pageMeta({ today })))).toBe(null);
    const control = { ...demoView().controls.domains[0]!.controls[0]!, status: "IMPLEMENTED" as const };
    const one = sparseView({
      controls: {
        coverage: { total: 2, applicable: 2, IMPLEMENTED: 2, IN_PROGRESS: 0, PLANNED: 0, NOT_APPLICABLE: 0, percent: 100 },
        domains: [{ name: "Access", controls: [control, { ...control, ref: "AC-02" }] }],
      },
    });
    const html = renderTrustPage(one, pageMeta({ today }));
    expect(html).toContain('data-status="IMPLEMENTED"');
    expect(filterOf(html)).toBe(null);
  });

  it("a tenant's Markdown cannot add a control of its own: raw inputs are dropped, ids are prefixed", () => {
    const view = demoView();
    const first = view.controls.domains[0]!.controls[0]!;
    first.description = '<input type="radio" name="show" id="show-PLANNED" checked>\n\n# <span id="show-all">x</span>\n\n<label for="show-IMPLEMENTED">click</label>';
    const html = renderTrustPage(view, pageMeta({ today }));
    expect(html.match(/id="show-PLANNED"/g)).toEqual(['id="show-PLANNED"']);
    expect(html.match(/id="show-all"/g)).toEqual(['id="show-all"']);
    expect(html.match(/name="show"/g)?.length).toBe(5);
    expect(html).not.toContain('for="show-');
  });
});

describe("the stylesheet: hides only on screens that support :has()", () => {
  const block = "@media screen{@supports selector(:has(a)){";

  it("the chips are shown, and controls hidden, only inside @media screen and @supports selector(:has(a))", () => {
    const at = PUBLIC_CSS.indexOf(block);
    expect(at).toBeGreaterThan(0);
    const before = PUBLIC_CSS.slice(0, at);
    const inside = PUBLIC_CSS.slice(at);
    expect(before).not.toContain("#show-");
    expect(before).not.toContain("[data-status");
    expect(before).not.toContain(".filter[hidden]");
    expect(inside).toContain(".filter[hidden]{display:flex}");
    expect(inside).toContain("main:has(#show-IMPLEMENTED:checked) [data-status]:not([data-status=IMPLEMENTED])");
    expect(inside).toContain("main:has(#show-IMPLEMENTED:checked) .area:not(:has([data-status=IMPLEMENTED]))");
    expect(inside).toContain("main:has(#show-PLANNED:checked) [data-status]:not([data-status=PLANNED])");
    // The block closes the stylesheet's filter part: nothing after it but the two closing braces.
    expect(inside.trimEnd().endsWith("{display:none}}}")).toBe(true);
  });
});

describe("the page's Content-Security-Policy allows exactly what it needs: no script at all", () => {
  const expected = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  it("the app's header", () => {
    expect(PUBLIC_CSP).toBe(expected);
  });

  it("Caddy's header for published files is the same, literally", () => {
    const caddy = readFileSync(path.join(process.cwd(), "deploy/caddy/site.caddy"), "utf8");
    const headers = [...caddy.matchAll(/Content-Security-Policy "([^"]*)"/g)].map((m) => m[1]);
    expect(headers).toEqual([expected]);
  });

  it("the page itself has no script but the JSON-LD data", () => {
    const html = renderTrustPage(benchView(), pageMeta({ today }));
    expect([...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1])).toEqual([' type="application/ld+json"']);
  });
});
