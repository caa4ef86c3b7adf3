/**
 * The organisation's accent colour, made readable (issue 15): WCAG 2.x relative luminance and
 * contrast ratio, and the accent the page actually uses — the brand colour moved towards black
 * (light pages) or white (dark pages) just far enough to reach AA (4.5:1) against every surface
 * it sits on, and the text colour (black or white) that reads best on a button filled with it.
 * Pure and client-safe: the renderer runs it once per page.
 */
export type Rgb = readonly [number, number, number];

const HEX = /^#([0-9a-f]{6})$/i;

export function parseHex(hex: string): Rgb | null {
  const match = HEX.exec(hex.trim());
  if (!match) return null;
  const n = Number.parseInt(match[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

/** WCAG 2.2 relative luminance of an sRGB colour. */
export function luminance([r, g, b]: Rgb): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** The contrast ratio of two colours, 1 … 21. */
export function contrastRatio(a: Rgb | string, b: Rgb | string): number {
  const la = luminance(typeof a === "string" ? parseHex(a)! : a);
  const lb = luminance(typeof b === "string" ? parseHex(b)! : b);
  const [hi, lo] = la > lb ? [la, lb] : [lb, la];
  return (hi + 0.05) / (lo + 0.05);
}

/** AA for normal text. */
export const AA = 4.5;

const mix = (from: Rgb, to: Rgb, amount: number): Rgb => [0, 1, 2].map((i) => from[i]! + (to[i]! - from[i]!) * amount) as unknown as Rgb;

/**
 * `colour` moved towards `towards` (black or white) in small steps until it reaches `ratio`
 * against every one of `backgrounds`; the first step that does is kept, so a colour that already
 * passes is returned unchanged.
 */
export function adjustForContrast(colour: string, backgrounds: string[], towards: "black" | "white", ratio = AA): string {
  const start = parseHex(colour);
  if (!start) throw new Error(`not a #rrggbb colour: ${colour}`);
  const target: Rgb = towards === "black" ? [0, 0, 0] : [255, 255, 255];
  for (let step = 0; step <= 100; step++) {
    const candidate = toHex(mix(start, target, step / 100));
    if (backgrounds.every((bg) => contrastRatio(candidate, bg) >= ratio)) return candidate;
  }
  return toHex(target);
}

/** Black or white, whichever reads better on `fill` (at least 4.58:1 for any colour). */
export function textOn(fill: string): "#000000" | "#ffffff" {
  return contrastRatio(fill, "#000000") >= contrastRatio(fill, "#ffffff") ? "#000000" : "#ffffff";
}

/** The page's surfaces (styles.ts): background and card, light and dark. */
export const SURFACES = { light: ["#fafafa", "#ffffff", "#f4f4f5"], dark: ["#09090b", "#18181b", "#27272a"] } as const;
export const DEFAULT_ACCENT = "#1d4ed8";

export type Accent = { light: string; onLight: string; dark: string; onDark: string };

/**
 * The accent for both colour schemes: a missing or malformed colour becomes Candor's default;
 * each scheme's accent reads at AA as text on every surface of that scheme, and buttons filled
 * with it get the text colour that reads best on them.
 */
export function accentColours(brand: string | null | undefined): Accent {
  const base = brand && parseHex(brand) ? brand.toLowerCase() : DEFAULT_ACCENT;
  const light = adjustForContrast(base, [...SURFACES.light], "black");
  const dark = adjustForContrast(base, [...SURFACES.dark], "white");
  return { light, onLight: textOn(light), dark, onDark: textOn(dark) };
}
