import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createControl, getControl, updateControl } from "@/modules/controls/server/controls";
import { getDisclosure, saveDisclosure } from "@/modules/disclosure/server/disclosure";
import { updateOrganizationSettings } from "@/modules/organizations/server/organizations";
import { previewPublication, publish } from "@/modules/publishing/server/publish";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";

/**
 * Issue 10, item 3: a browser posts every textarea with CRLF line breaks. Saving a form whose
 * text nobody touched must change nothing: no field in the audit trail, nothing to publish.
 */
const crlf = (text: string) => text.replace(/\n/g, "\r\n");
const OVERVIEW = "We build payroll software.\n\n- EU hosting\n- SOC 2 Type II";
const DESCRIPTION = "Every admin signs in with:\n\n1. a passkey\n2. or TOTP";
const POLICY = "Write to us.\n\nWe reply to every report.";

let superuser: pg.Client;
beforeAll(async () => {
  superuser = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await superuser.connect();
});
afterAll(() => superuser.end());

async function lastAuditDiff(orgId: string, action: string) {
  const event = await withTenant({ orgId }, (tx) => tx.auditEvent.findFirstOrThrow({ where: { action }, orderBy: { seq: "desc" } }));
  return event.diff as Record<string, unknown>;
}

describe("saving a form as the browser posts it", () => {
  it("settings: turning on 'Require a second factor' records only that, and offers nothing to publish", async () => {
    const { ctx, org } = await createOrg();
    const owner = { ...ctx, mfaEnabled: true };
    const v2 = await updateOrganizationSettings({ ctx: owner, input: { name: "Acme", overview: OVERVIEW, version: 1 }, logo: { kind: "keep" } });
    await publish({ ctx: owner });

    await updateOrganizationSettings({ ctx: owner, input: { name: "Acme", overview: crlf(OVERVIEW), brandColor: "", securityContactEmail: "", requireMfa: "on", version: v2 }, logo: { kind: "keep" } });

    expect(await lastAuditDiff(org.id, "org.settings.update")).toEqual({ requireMfa: { from: false, to: true } });
    const stored = await withTenant({ orgId: org.id }, (tx) => tx.organization.findUniqueOrThrow({ where: { id: org.id }, select: { overview: true } }));
    expect(stored.overview).toBe(OVERVIEW);
    const preview = await previewPublication({ ctx: owner });
    expect(preview.unchanged).toBe(true);
    expect(preview.changes).toEqual(["No visible change."]);
  });

  it("a control's description and the disclosure policy, saved untouched, record no change", async () => {
    const { ctx, org } = await createOrg();
    const control = await createControl({ ctx, input: { ref: "AC-01", area: "Access Control", title: "MFA", status: "IMPLEMENTED", description: DESCRIPTION } });
    await saveDisclosure({ ctx, input: { policy: POLICY, safeHarbor: "We will not sue.\nEver.", preferredLanguages: "en", version: 0 } });
    await publish({ ctx });

    await updateControl({ ctx, id: control.id, input: { ref: "AC-01", area: "Access Control", title: "MFA", status: "IMPLEMENTED", description: crlf(DESCRIPTION), reviewCadenceDays: "365", version: control.version } });
    await saveDisclosure({ ctx, input: { policy: crlf(POLICY), safeHarbor: "We will not sue.\r\nEver.", preferredLanguages: "en", version: 1 } });

    expect(await lastAuditDiff(org.id, "controls.update")).toEqual({});
    expect(await lastAuditDiff(org.id, "disclosure.update")).toEqual({});
    expect((await getControl({ ctx, id: control.id })).description).toBe(DESCRIPTION);
    expect((await getDisclosure({ ctx }))?.policy).toBe(POLICY);
    expect((await previewPublication({ ctx })).unchanged).toBe(true);
  });
});

describe("text stored before line endings were normalised", () => {
  it("the migration turns CRLF and lone CR into LF, and touches nothing else", async () => {
    const { ctx, org } = await createOrg();
    const control = await createControl({ ctx, input: { ref: "AC-01", area: "Access Control", title: "MFA", status: "IMPLEMENTED", description: DESCRIPTION } });
    const other = await createControl({ ctx, input: { ref: "AC-02", area: "Access Control", title: "Plain", status: "IMPLEMENTED", description: "One line" } });
    // As a browser-posted save stored it before the fix.
    await superuser.query(`UPDATE "Organization" SET overview = $2 WHERE id = $1`, [org.id, crlf(OVERVIEW)]);
    await superuser.query(`UPDATE "Control" SET description = $2 WHERE id = $1`, [control.id, `${crlf(DESCRIPTION)}\rold Mac line`]);
    const before = await superuser.query(`SELECT id, version, "updatedAt" FROM "Control" WHERE "orgId" = $1 ORDER BY ref`, [org.id]);

    const sql = readFileSync("prisma/migrations/20261201000000_text_line_endings/migration.sql", "utf8");
    await superuser.query(`BEGIN; ${sql}; COMMIT;`);

    const { rows: [stored] } = await superuser.query(`SELECT overview FROM "Organization" WHERE id = $1`, [org.id]);
    expect(stored.overview).toBe(OVERVIEW);
    expect((await getControl({ ctx, id: control.id })).description).toBe(`${DESCRIPTION}\nold Mac line`);
    expect((await getControl({ ctx, id: other.id })).description).toBe("One line");
    const after = await superuser.query(`SELECT id, version, "updatedAt" FROM "Control" WHERE "orgId" = $1 ORDER BY ref`, [org.id]);
    expect(after.rows).toEqual(before.rows);
  });
});
