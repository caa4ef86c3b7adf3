import { describe, expect, it } from "vitest";
import { controlSummary, createControl } from "@/modules/controls/server/controls";
import { liveCoverage } from "@/modules/publishing/server/live-coverage";
import { publish, unpublish } from "@/modules/publishing/server/publish";
import { trustPage } from "@/modules/publishing/server/surfaces";
import { createOrg } from "../support/factories";

/**
 * Issue 10, item 9: "Coverage is 77% on the dashboard and 73% on the public page with no
 * explanation." The dashboard counts every control as it stands (public, NDA, private; published
 * or not); the public page counts the public controls of the live publication. Both figures are
 * shown, each saying what it counts.
 */
describe("the two coverage figures", () => {
  it("differ when a control is private, and each is computed over what it says", async () => {
    const { ctx, org } = await createOrg();
    const base = { area: "Access Control", reviewCadenceDays: 365 };
    await createControl({ ctx, input: { ...base, ref: "AC-01", title: "A", status: "IMPLEMENTED", visibility: "PUBLIC" } });
    await createControl({ ctx, input: { ...base, ref: "AC-02", title: "B", status: "IMPLEMENTED", visibility: "PUBLIC" } });
    await createControl({ ctx, input: { ...base, ref: "AC-03", title: "C", status: "PLANNED", visibility: "PUBLIC" } });
    await createControl({ ctx, input: { ...base, ref: "AC-04", title: "D", status: "IMPLEMENTED", visibility: "PRIVATE" } });
    expect(await liveCoverage({ ctx })).toEqual({ seq: null, coverage: null });

    await publish({ ctx });
    expect((await controlSummary({ ctx })).coverage).toMatchObject({ total: 4, applicable: 4, IMPLEMENTED: 3, percent: 75 });
    expect(await liveCoverage({ ctx })).toMatchObject({ seq: 1, coverage: { total: 3, applicable: 3, IMPLEMENTED: 2, percent: 67 } });

    const page = await (await trustPage(new Request(`http://localhost:3000/t/${org.slug}`), org.slug)).text();
    expect(page).toContain('<span class="n">67%</span><span class="l">Coverage of the controls published here</span>');
    expect(page).toContain("over the 3 controls published on this page: 2 implemented of 3 applicable.");
    expect(page).not.toContain("75%");

    // A draft change moves the dashboard's figure, not the live one, until it is published.
    await createControl({ ctx, input: { ...base, ref: "AC-05", title: "E", status: "IMPLEMENTED", visibility: "PUBLIC" } });
    expect((await controlSummary({ ctx })).coverage.percent).toBe(80);
    expect((await liveCoverage({ ctx })).coverage?.percent).toBe(67);
    await unpublish({ ctx });
    expect(await liveCoverage({ ctx })).toEqual({ seq: 2, coverage: null });
  });
});
