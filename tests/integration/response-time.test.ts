import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDisclosure, saveDisclosure } from "@/modules/disclosure/server/disclosure";
import { parseLegacyResponseTime, responseSentence } from "@/modules/content/response-time";
import { publish } from "@/modules/publishing/server/publish";
import { trustPage } from "@/modules/publishing/server/surfaces";
import { exportOrganization } from "@/modules/transfer/server/export";
import { applyImport } from "@/modules/transfer/server/import";
import { createOrg } from "../support/factories";

/**
 * Issue 10, item 8: "We respond within {text}" made broken sentences. The response time is a
 * number and a unit; what the free-text field held is read into them (the migration, and old
 * export files), and text that names no time is kept in the policy, not dropped.
 */
let superuser: pg.Client;
beforeAll(async () => {
  superuser = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await superuser.connect();
});
afterAll(() => superuser.end());

// What the old free-text field held → the number and unit read from it (null: kept in the policy).
const LEGACY: [string, { within: number; unit: string } | null][] = [
  ["1 business day", { within: 1, unit: "BUSINESS_DAYS" }],
  ["One business day", { within: 1, unit: "BUSINESS_DAYS" }],
  ["5 working days", { within: 5, unit: "BUSINESS_DAYS" }],
  ["2-business-day", { within: 2, unit: "BUSINESS_DAYS" }],
  ["48h", { within: 48, unit: "HOURS" }],
  ["24 hours", { within: 24, unit: "HOURS" }],
  ["We aim to reply within 72 hrs", { within: 72, unit: "HOURS" }],
  ["within 3 days", { within: 3, unit: "DAYS" }],
  ["Ten days", { within: 10, unit: "DAYS" }],
  ["ASAP", null],
  ["0 days", null],
  ["1000 days", null],
  ["a couple of hours", null],
  ["phonecall", null],
];

describe("the response time reads as a sentence", () => {
  it.each([
    [1, "BUSINESS_DAYS", "We respond to reports within 1 business day."],
    [2, "BUSINESS_DAYS", "We respond to reports within 2 business days."],
    [1, "HOURS", "We respond to reports within 1 hour."],
    [24, "HOURS", "We respond to reports within 24 hours."],
    [3, "DAYS", "We respond to reports within 3 days."],
  ] as const)("%i %s → %s", (within, unit, sentence) => {
    expect(responseSentence({ within, unit })).toBe(sentence);
  });

  it.each(LEGACY)("the old text %j is read as %j", (text, expected) => {
    expect(parseLegacyResponseTime(text)).toEqual(expected);
  });

  it("the form's number and unit are saved, shown on the page as a sentence, and cleared by an empty number", async () => {
    const { ctx, org } = await createOrg();
    await saveDisclosure({ ctx, input: { policy: "Write to us.", contacts: ["mailto:security@acme.example"], responseWithin: "2", responseUnit: "BUSINESS_DAYS", version: 0 } });
    await publish({ ctx });
    const page = await (await trustPage(new Request(`http://localhost:3000/t/${org.slug}`), org.slug)).text();
    expect(page).toContain("<li>We respond to reports within 2 business days.</li>");
    expect(page).not.toContain("We respond within");

    await saveDisclosure({ ctx, input: { policy: "Write to us.", responseWithin: "", responseUnit: "HOURS", version: 1 } });
    expect(await getDisclosure({ ctx })).toMatchObject({ responseWithin: null, responseUnit: null });
  });

  it.each([
    [{ responseWithin: "0", responseUnit: "DAYS" }, "responseWithin"],
    [{ responseWithin: "366", responseUnit: "DAYS" }, "responseWithin"],
    [{ responseWithin: "1.5", responseUnit: "DAYS" }, "responseWithin"],
    [{ responseWithin: "two", responseUnit: "DAYS" }, "responseWithin"],
    [{ responseWithin: "2", responseUnit: "FORTNIGHTS" }, "responseUnit"],
    [{ responseWithin: "2" }, "responseUnit"],
  ])("refuses %j on %s, and stores nothing", async (fields, path) => {
    const { ctx } = await createOrg();
    const error = await saveDisclosure({ ctx, input: { policy: "x", ...fields, version: 0 } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ZodError" });
    expect((error as { issues: { path: string[] }[] }).issues.map((i) => i.path[0])).toContain(path);
    expect(await getDisclosure({ ctx })).toBeNull();
  });

  it("an export made before the unit existed imports: the time read from its text, or the text kept in the policy", async () => {
    for (const [text, expected] of LEGACY) {
      const { ctx } = await createOrg();
      const file = { format: "candor.export.v1", disclosure: { policy: "Write to us.", responseTime: text, preferredLanguages: "en" } };
      await applyImport({ ctx, input: { format: "json", text: JSON.stringify(file) } });
      const stored = await getDisclosure({ ctx });
      if (expected) expect(stored, text).toMatchObject({ responseWithin: expected.within, responseUnit: expected.unit, policy: "Write to us." });
      else expect(stored, text).toMatchObject({ responseWithin: null, responseUnit: null, policy: `Write to us.\n\nResponse time: ${text}` });
    }
    // And the new format round-trips.
    const { ctx } = await createOrg();
    await saveDisclosure({ ctx, input: { policy: "Write.", responseWithin: "24", responseUnit: "HOURS", version: 0 } });
    expect((await exportOrganization({ ctx })).disclosure).toMatchObject({ responseWithin: 24, responseUnit: "HOURS" });
  });
});

describe("the policy form's other optional fields", () => {
  it("a link emptied in the form is cleared, not kept", async () => {
    const { ctx } = await createOrg();
    const links = { encryptionUrl: "https://acme.example/pgp.asc", acknowledgmentsUrl: "https://acme.example/thanks", bugBounty: "on", bugBountyUrl: "https://bounty.example/acme" };
    await saveDisclosure({ ctx, input: { policy: "Write to us.", ...links, version: 0 } });
    await saveDisclosure({ ctx, input: { policy: "Write to us.", encryptionUrl: "", acknowledgmentsUrl: "", bugBountyUrl: "", version: 1 } });
    expect(await getDisclosure({ ctx })).toMatchObject({ encryptionUrl: null, acknowledgmentsUrl: null, bugBounty: false, bugBountyUrl: null });
  });
});

describe("the migration from the free-text field", () => {
  it("reads every old text as the importer does, keeps what names no time in the policy, and leaves other policies alone", async () => {
    const orgs = [];
    for (let i = 0; i <= LEGACY.length; i++) orgs.push((await createOrg()).org);
    // Back to the table as it was before the migration, with one policy per old text (and one without).
    await superuser.query(`BEGIN;
      ALTER TABLE "DisclosurePolicy" DROP CONSTRAINT "DisclosurePolicy_response_complete", DROP CONSTRAINT "DisclosurePolicy_responseWithin_range",
        DROP COLUMN "responseWithin", DROP COLUMN "responseUnit", ADD COLUMN "responseTime" TEXT;
      DROP TYPE "ResponseUnit";
      COMMIT;`);
    for (const [i, [text]] of LEGACY.entries()) {
      await superuser.query(`INSERT INTO "DisclosurePolicy" ("orgId", policy, "responseTime") VALUES ($1, $2, $3)`, [orgs[i]!.id, i % 2 ? "Write to us." : "", text]);
    }
    await superuser.query(`INSERT INTO "DisclosurePolicy" ("orgId", policy, "responseTime") VALUES ($1, 'No time given.', NULL)`, [orgs[LEGACY.length]!.id]);

    const sql = readFileSync("prisma/migrations/20261201010000_disclosure_response_time/migration.sql", "utf8");
    await superuser.query(`BEGIN; ${sql}; COMMIT;`);

    for (const [i, [text, expected]] of LEGACY.entries()) {
      const { rows: [row] } = await superuser.query(`SELECT policy, "responseWithin", "responseUnit"::text AS "responseUnit" FROM "DisclosurePolicy" WHERE "orgId" = $1`, [orgs[i]!.id]);
      const policy = i % 2 ? "Write to us." : "";
      if (expected) expect(row, text).toEqual({ policy, responseWithin: expected.within, responseUnit: expected.unit });
      else expect(row, text).toEqual({ policy: policy ? `${policy}\n\nResponse time: ${text}` : `Response time: ${text}`, responseWithin: null, responseUnit: null });
    }
    const { rows: [untouched] } = await superuser.query(`SELECT policy, "responseWithin" FROM "DisclosurePolicy" WHERE "orgId" = $1`, [orgs[LEGACY.length]!.id]);
    expect(untouched).toEqual({ policy: "No time given.", responseWithin: null });
    // A unit without a number (or the reverse) cannot be stored.
    await expect(superuser.query(`UPDATE "DisclosurePolicy" SET "responseWithin" = 3 WHERE "orgId" = $1`, [orgs[LEGACY.length]!.id])).rejects.toThrow(/DisclosurePolicy_response_complete/);
  });
});
