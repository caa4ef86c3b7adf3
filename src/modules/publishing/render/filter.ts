import { formatNumber, type Chrome } from "./format";
import { html } from "./html";
import type { MessageKey } from "./i18n";

/**
 * The in-page status filter over the controls (issue 15, ADR 039): radio chips "All /
 * Implemented / In progress / Planned / Not applicable" that hide the other controls with CSS
 * `:has()`, no script. The page is a stored artifact served byte-identical under a fixed CSP
 * (no script-src), so a per-request nonce cannot exist for it; CSS needs none.
 *
 * It never hides content it should not:
 * - the chips carry `hidden`, and only a browser that supports `:has()` shows them (FILTER_CSS,
 *   inside `@supports selector(:has(a))`); one without `:has()`, or without CSS, shows every
 *   control and no chips that would do nothing;
 * - the hiding rules apply to screens only, so print shows everything whatever is chosen;
 * - native radios in a fieldset with a legend: arrow keys move between them, a screen reader
 *   names the group and each choice with its count.
 * A control area with no control of the chosen status is hidden with its controls.
 */
export const FILTERED_STATUSES = ["IMPLEMENTED", "IN_PROGRESS", "PLANNED", "NOT_APPLICABLE"] as const;
type Status = (typeof FILTERED_STATUSES)[number];

const STATUS_KEYS: Record<Status, MessageKey> = {
  IMPLEMENTED: "control.status.implemented",
  IN_PROGRESS: "control.status.inProgress",
  PLANNED: "control.status.planned",
  NOT_APPLICABLE: "control.status.notApplicable",
};

/** The chips, for the statuses present; nothing when fewer than two are (nothing to filter). */
export function statusFilter(counts: Record<Status, number> & { total: number }, { t, locale }: Chrome) {
  const present = FILTERED_STATUSES.filter((status) => counts[status] > 0);
  if (present.length < 2) return "";
  const chip = (value: string, label: string, count: number, checked: boolean) =>
    html`<label><input type="radio" name="show" value="${value}" id="show-${value}"${checked ? html` checked` : ""}> ${label} <span class="meta">${formatNumber(locale, count)}</span></label>`;
  return html`<fieldset class="filter" hidden><legend>${t("filter.legend")}</legend>${chip("all", t("filter.all"), counts.total, true)}${present.map((status) => chip(status, t(STATUS_KEYS[status]), counts[status], false))}</fieldset>`;
}

const hiding = FILTERED_STATUSES.map(
  (s) => `main:has(#show-${s}:checked) [data-status]:not([data-status=${s}]),main:has(#show-${s}:checked) .area:not(:has([data-status=${s}]))`,
).join(",");

export const FILTER_CSS = `
.filter{border:0;padding:0;margin:16px 0 4px;flex-wrap:wrap;gap:8px;align-items:center}
.filter legend{float:left;margin-right:4px;font-weight:600;font-size:.95rem}
.filter label{display:inline-flex;gap:6px;align-items:center;border:1px solid var(--line);border-radius:999px;padding:4px 12px;background:var(--card);cursor:pointer;font-size:.92rem}
.filter label:has(:checked){border-color:var(--accent);font-weight:600}
.filter input{margin:0;accent-color:var(--accent)}
@media screen{@supports selector(:has(a)){.filter[hidden]{display:flex}${hiding}{display:none}}}
`;
