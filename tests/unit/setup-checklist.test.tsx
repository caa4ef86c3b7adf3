import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SetupChecklist } from "@/modules/organizations/components/setup-checklist";
import { UnpublishedIndicator } from "@/modules/publishing/components/unpublished-indicator";

const steps = (done: string[]) => (["controls", "subprocessors", "disclosure", "publish", "domain"] as const).map((key) => ({ key, done: done.includes(key) }));

describe("the overview's setup checklist", () => {
  it("lists the five steps in order, each linking to where it is done, with what is done said in words", () => {
    const html = renderToStaticMarkup(<SetupChecklist slug="acme" steps={steps(["controls", "subprocessors"])} />);
    expect(html).toContain("2 of 5 done");
    expect([...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1])).toEqual([
      "/dashboard/acme/controls",
      "/dashboard/acme/subprocessors",
      "/dashboard/acme/disclosure",
      "/dashboard/acme/publish",
      "/dashboard/acme/domains",
    ]);
    expect([...html.matchAll(/<span class="sr-only">([^<]+)<\/span>/g)].map((m) => m[1])).toEqual([" (done)", " (done)", " (not done yet)", " (not done yet)", " (not done yet)"]);
  });

  it("is gone once every step is done", () => {
    expect(renderToStaticMarkup(<SetupChecklist slug="acme" steps={steps(["controls", "subprocessors", "disclosure", "publish", "domain"])} />)).toBe("");
  });
});

describe("the shell's unpublished-changes indicator", () => {
  const text = (html: string) => html.replace(/<[^>]+>/g, "");
  it("says what is unpublished and links to the publish page; nothing when all is published", () => {
    expect(text(renderToStaticMarkup(<UnpublishedIndicator slug="acme" unpublished={{ state: "published", edits: 1, seq: 4 }} />))).toBe("1 unpublished change · Review and publish →");
    expect(text(renderToStaticMarkup(<UnpublishedIndicator slug="acme" unpublished={{ state: "published", edits: 100, seq: 4 }} />))).toBe("100+ unpublished changes · Review and publish →");
    expect(text(renderToStaticMarkup(<UnpublishedIndicator slug="acme" unpublished={{ state: "never", edits: 3 }} />))).toBe("Not published yet · Review and publish →");
    expect(text(renderToStaticMarkup(<UnpublishedIndicator slug="acme" unpublished={{ state: "offline", edits: 0 }} />))).toBe("Offline: not published · Review and publish →");
    expect(renderToStaticMarkup(<UnpublishedIndicator slug="acme" unpublished={{ state: "published", edits: 1, seq: 4 }} />)).toContain('href="/dashboard/acme/publish"');
    expect(renderToStaticMarkup(<UnpublishedIndicator slug="acme" unpublished={{ state: "published", edits: 0, seq: 4 }} />)).toBe("");
  });
});
