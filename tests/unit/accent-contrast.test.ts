import { describe, expect, it } from "vitest";
import { accentColours, adjustForContrast, contrastRatio, luminance, parseHex, textOn } from "@/modules/publishing/render/contrast";
import { renderTrustPage } from "@/modules/publishing/render/page";
import { pageMeta, sparseView } from "../support/public-view";

/** The organisation's accent colour on the public page (issue 15): WCAG contrast, computed. */
describe("WCAG contrast ratio", () => {
  it.each([
    ["#000000", "#ffffff", 21],
    ["#ffffff", "#ffffff", 1],
    ["#767676", "#ffffff", 4.54], // the lightest grey that passes AA on white
    ["#777777", "#ffffff", 4.48], // one step lighter: fails
    ["#0f766e", "#ffffff", 5.47],
    ["#0f766e", "#09090b", 3.64],
    ["#ffff00", "#ffffff", 1.07],
    ["#1d4ed8", "#fafafa", 6.42],
  ])("%s on %s is %d:1", (fg, bg, ratio) => {
    expect(Number(contrastRatio(fg, bg).toFixed(2))).toBe(ratio);
    expect(contrastRatio(bg, fg)).toBe(contrastRatio(fg, bg));
  });

  it("luminance of black, white and mid grey", () => {
    expect(luminance([0, 0, 0])).toBe(0);
    expect(luminance([255, 255, 255])).toBe(1);
    expect(Number(luminance(parseHex("#808080")!).toFixed(4))).toBe(0.2159);
  });

  it("only #rrggbb is a colour", () => {
    expect(parseHex("#0F766E")).toEqual([15, 118, 110]);
    expect(parseHex("red")).toBeNull();
    expect(parseHex("#fff")).toBeNull();
    expect(parseHex("#0f766e;}body{display:none")).toBeNull();
  });
});

describe("the accent actually used: adjusted until it passes AA, never shipped unreadable", () => {
  it("a colour that passes is kept as it is", () => {
    expect(adjustForContrast("#767676", ["#ffffff"], "black")).toBe("#767676");
    expect(accentColours("#0f766e")).toEqual({ light: "#0f766e", onLight: "#ffffff", dark: "#4d9a94", onDark: "#000000" });
  });

  it("one that fails is darkened (light scheme) or lightened (dark scheme) just enough", () => {
    expect(adjustForContrast("#777777", ["#ffffff"], "black")).toBe("#767676");
    expect(accentColours("#ffff00")).toEqual({ light: "#737300", onLight: "#ffffff", dark: "#ffff00", onDark: "#000000" });
    expect(accentColours("#ffffff")).toEqual({ light: "#707070", onLight: "#ffffff", dark: "#ffffff", onDark: "#000000" });
    expect(accentColours("#000000")).toEqual({ light: "#000000", onLight: "#ffffff", dark: "#8f8f8f", onDark: "#000000" });
  });

  it.each(["#ffff00", "#ffffff", "#000000", "#ff0000", "#00ff00", "#7f7f7f", "#0f766e", "#111827"])("%s: every result reads at 4.5:1 on every surface of its scheme, and its button text too", (brand) => {
    const a = accentColours(brand);
    for (const bg of ["#fafafa", "#ffffff", "#f4f4f5"]) expect(contrastRatio(a.light, bg)).toBeGreaterThanOrEqual(4.5);
    for (const bg of ["#09090b", "#18181b", "#27272a"]) expect(contrastRatio(a.dark, bg)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(a.onLight, a.light)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(a.onDark, a.dark)).toBeGreaterThanOrEqual(4.5);
  });

  it("black or white text on a fill: whichever reads better", () => {
    expect(textOn("#ffff00")).toBe("#000000");
    expect(textOn("#1d4ed8")).toBe("#ffffff");
  });

  it("no colour, or a malformed one, becomes Candor's default blue", () => {
    expect(accentColours(null)).toEqual({ light: "#1d4ed8", onLight: "#ffffff", dark: "#6a8ae5", onDark: "#000000" });
    expect(accentColours("red")).toEqual(accentColours(null));
  });

  it("the page carries the computed accent for both schemes, not the raw brand colour", () => {
    const html = renderTrustPage(sparseView({ organization: { ...sparseView().organization, brandColor: "#ffff00" } }), pageMeta());
    // --brand (the access pages' buttons, white text) is the light accent in both schemes.
    expect(html).toContain(":root{--accent:#737300;--on-accent:#ffffff;--brand:#737300}@media (prefers-color-scheme:dark){:root{--accent:#ffff00;--on-accent:#000000}}");
  });
});
