import { CONTROL_ICONS, type ControlIcon } from "@/modules/content/schema";
import { html, safe, type SafeHtml } from "./html";

/**
 * The small built-in icon set a control or practice may carry (issue 15): simple stroked
 * shapes drawn for Candor, inline (no request, nothing third-party). The page defines only the
 * icons it uses, once, as <symbol>s; each card refers to one with <use>, so 100 cards cost a
 * few bytes each.
 */
const PATHS: Record<ControlIcon, string> = {
  lock: '<rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V7a4 4 0 0 1 8 0v4"/>',
  key: '<circle cx="8" cy="15" r="4"/><path d="M11 12l9-9M17 6l3 3"/>',
  shield: '<path d="M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z"/>',
  server: '<rect x="3" y="4" width="18" height="7" rx="1"/><rect x="3" y="13" width="18" height="7" rx="1"/><path d="M7 7.5h.01M7 16.5h.01"/>',
  cloud: '<path d="M7 18h10a4 4 0 0 0 .5-8A6 6 0 0 0 6 9a4.5 4.5 0 0 0 1 9z"/>',
  users: '<circle cx="9" cy="8" r="3"/><path d="M3 20c0-3.3 2.7-6 6-6s6 2.7 6 6M16 4a3 3 0 0 1 0 6M18 14c2 .6 3 2.8 3 6"/>',
  eye: '<path d="M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12z"/><circle cx="12" cy="12" r="3"/>',
  file: '<path d="M6 3h8l4 4v14H6z"/><path d="M14 3v4h4M9 12h6M9 16h6"/>',
  bug: '<rect x="8" y="6" width="8" height="14" rx="4"/><path d="M12 10v10M4 10h4M16 10h4M4 16h4M16 16h4M9 4l1.5 2M15 4l-1.5 2"/>',
  database: '<ellipse cx="12" cy="5" rx="8" ry="3"/><path d="M4 5v14c0 1.7 3.6 3 8 3s8-1.3 8-3V5M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3"/>',
  network: '<circle cx="12" cy="5" r="2"/><circle cx="5" cy="19" r="2"/><circle cx="19" cy="19" r="2"/><path d="M12 7v5l-6 5M12 12l6 5"/>',
  clock: '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 3"/>',
  alert: '<path d="M12 3l10 18H2z"/><path d="M12 10v5M12 18h.01"/>',
  check: '<circle cx="12" cy="12" r="9"/><path d="M8 12l3 3 5-6"/>',
};

export const isControlIcon = (value: unknown): value is ControlIcon => typeof value === "string" && (CONTROL_ICONS as readonly string[]).includes(value);

/** The <symbol>s for the icons in `used`, in a hidden sprite; nothing when none is used. */
export function iconSprite(used: Iterable<string>): SafeHtml | "" {
  const names = [...new Set(used)].filter(isControlIcon).sort();
  if (!names.length) return "";
  return html`<svg class="sprite" aria-hidden="true" focusable="false">${names.map((name) => safe(`<symbol id="i-${name}" viewBox="0 0 24 24">${PATHS[name]}</symbol>`))}</svg>`;
}

/** One icon, decorative (the card's title says what it is). */
export function icon(name: string | null | undefined): SafeHtml | "" {
  return isControlIcon(name) ? html`<svg class="icon" aria-hidden="true" focusable="false"><use href="#i-${name}"/></svg>` : "";
}
