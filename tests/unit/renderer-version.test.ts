import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/locales";
import { translator } from "@/modules/publishing/render/i18n";
import { renderTrustPage } from "@/modules/publishing/render/page";
import { renderVerify } from "@/modules/publishing/render/surfaces";
import { RENDERER_VERSION } from "@/modules/publishing/render/version";
import { benchView, demoView, stressView } from "../support/design-views";
import { pageMeta, sparseView } from "../support/public-view";

/**
 * Stored renderings are keyed by the renderer's version (render/version.ts): a release that
 * renders differently must change it, or every tenant keeps its old bytes (and browsers their
 * 304s) until its next publication. This pins what four fixed datasets render, in every language,
 * beside the version: a change to the rendering fails here until RENDERER_VERSION is changed and
 * both literals below are updated together.
 */
const today = new Date("2026-12-01T00:00:00.000Z");

function fingerprint() {
  const hash = createHash("sha256");
  for (const locale of LOCALES) {
    const t = translator(locale);
    for (const view of [demoView(), stressView(), benchView(), sparseView()]) hash.update(renderTrustPage(view, pageMeta({ today, base: "/t/demo", locale, t })));
    hash.update(renderVerify({ name: "Demo Co", base: "/t/demo", origin: "http://localhost:3000", latestSeq: 12, locale, t }));
  }
  return hash.digest("hex");
}

describe("the renderer's version (stored renderings are keyed by it)", () => {
  it("changes whenever what the fixed datasets render changes", () => {
    expect({ version: RENDERER_VERSION, renders: fingerprint() }).toEqual({ version: "r1", renders: "dfd4ddd60f50365ef792c9efdaf4d97ff87ce1c9d9e08fafff52359a1c8b02ea" });
  });
});
