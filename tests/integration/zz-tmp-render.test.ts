import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { it } from "vitest";
import { applyImport } from "@/modules/transfer/server/import";
import { projectPublicView } from "@/modules/publishing/server/projection";
import { renderTrustPage } from "@/modules/publishing/render/page";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";

it("dumps rendered seed pages", async () => {
  const out = process.env.RENDER_OUT!;
  mkdirSync(out, { recursive: true });
  for (const seed of ["000", "001", "002", "003", "004"]) {
    const { ctx, org } = await createOrg(undefined, `Seed${seed}`);
    await applyImport({ ctx, input: { format: "json", text: readFileSync(`tests/fixtures/seed-pages/${seed}.json`, "utf8") }, strict: true });
    const { view } = await withTenant({ orgId: org.id }, (tx) => projectPublicView(tx, org.id));
    const fixed = { ...view, organization: { ...view.organization, slug: "x", name: `Seed${seed}` } };
    writeFileSync(`${out}/${seed}.json`, JSON.stringify(fixed));
    for (const preview of [false, true]) {
      const html = renderTrustPage(fixed, { base: "/t/x", canonicalUrl: "https://x.example/", seq: 3, hash: "ab".repeat(32), publishedAt: new Date("2026-05-01T10:00:00Z"), today: new Date("2026-06-01T00:00:00Z"), preview });
      writeFileSync(`${out}/${seed}-${preview}.html`, html);
    }
  }
}, 120_000);
