import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as z from "zod";
import { createItem, updateItem } from "@/modules/content/server/crud";
import { publish } from "@/modules/publishing/server/publish";
import { trustDocument, trustPage } from "@/modules/publishing/server/surfaces";
import { applyImport } from "@/modules/transfer/server/import";
import { fieldErrorsOf } from "@/server/actions";
import { setClock } from "@/server/clock";
import { AppError } from "@/server/errors";
import { withTenant } from "@/server/db/tenant";
import { createOrg } from "../support/factories";
import { changesOf, setNoticeDays, vendor } from "../support/notices";

/**
 * The notice period (issue 13, ADR 031): a new subprocessor, or a change of its purpose, data
 * categories or location, takes effect no sooner than today + N days unless urgent with a reason;
 * each is recorded as a SubprocessorChange; the published page and trust.json list upcoming ones.
 * Today is fixed at 2026-12-01 (UTC).
 */
beforeEach(() => setClock(() => Date.parse("2026-12-01T10:00:00.000Z")));
afterEach(() => setClock());

/** What the form's boundary makes of a refusal: the status and the messages by field (a ZodError is a 422 there). */
async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (error instanceof z.ZodError) return { status: 422, fieldErrors: fieldErrorsOf(error) };
  expect(error).toBeInstanceOf(AppError);
  return { status: (error as AppError).status, fieldErrors: (error as AppError).details.fieldErrors };
}

describe("the notice period", () => {
  it("allows exactly today + N days and refuses one day earlier, with the field and the earliest date", async () => {
    const { ctx, org } = await createOrg(undefined, "Boundary");
    await setNoticeDays(ctx, 30);
    expect(await refusal(createItem({ ctx, kind: "subprocessors", input: vendor("Mailer", { effectiveDate: "2026-12-30" }) }))).toEqual({
      status: 422,
      fieldErrors: { effectiveDate: ["The earliest effective date allowed is 2026-12-31 (today plus the 30-day notice period). Choose that date or later, or mark the change urgent and say why."] },
    });
    expect(await changesOf(org.id)).toEqual([]);
    expect(await withTenant({ orgId: org.id }, (tx) => tx.subprocessor.count({ where: { orgId: org.id } }))).toBe(0);
    await createItem({ ctx, kind: "subprocessors", input: vendor("Mailer", { effectiveDate: "2026-12-31" }) });
    const [change] = await changesOf(org.id);
    expect(change).toMatchObject({ vendor: "Mailer", kind: "ADDED", urgent: false, urgentReason: null, before: null, after: { purpose: "Email delivery", dataCategories: "Recipient email", location: "Frankfurt, DE" } });
    expect(change!.effectiveOn.toISOString()).toBe("2026-12-31T00:00:00.000Z");
  });

  it("with 0 days asks for no notice: a blank date is today, a past date is accepted", async () => {
    const { ctx, org } = await createOrg(undefined, "Zero");
    await createItem({ ctx, kind: "subprocessors", input: vendor("Today") });
    await createItem({ ctx, kind: "subprocessors", input: vendor("Past", { effectiveDate: "2026-11-01" }) });
    expect((await changesOf(org.id)).map((c) => [c.vendor, c.effectiveOn.toISOString().slice(0, 10)])).toEqual([["Today", "2026-12-01"], ["Past", "2026-11-01"]]);
  });

  it("refuses an urgent change without a reason, and takes one with a reason", async () => {
    const { ctx, org } = await createOrg(undefined, "Urgent");
    await setNoticeDays(ctx, 30);
    const noReason = await refusal(createItem({ ctx, kind: "subprocessors", input: vendor("Fast", { effectiveDate: "2026-12-02", urgent: "yes", urgentReason: "   " }) }));
    expect(noReason).toEqual({ status: 422, fieldErrors: { urgentReason: ["An urgent change needs a reason: it is shown on the public page."] } });
    await createItem({ ctx, kind: "subprocessors", input: vendor("Fast", { effectiveDate: "2026-12-02", urgent: "yes", urgentReason: "Our provider <b>shut down</b>" }) });
    expect(await changesOf(org.id)).toMatchObject([{ vendor: "Fast", urgent: true, urgentReason: "Our provider <b>shut down</b>" }]);
  });
});

describe("change records", () => {
  it("records one change per changed field (purpose, data categories, location) and none for other edits", async () => {
    const { ctx, org } = await createOrg(undefined, "Fields");
    const row = await createItem({ ctx, kind: "subprocessors", input: vendor("Mailer") });
    let version = row.version;
    const edit = async (input: Record<string, unknown>) => {
      version = (await updateItem({ ctx, kind: "subprocessors", id: row.id, input: { ...vendor("Mailer"), ...input, version } })).version;
    };
    await edit({ purpose: "Transactional email" });
    await edit({ purpose: "Transactional email", dataCategories: "Recipient email, IP address" });
    await edit({ purpose: "Transactional email", dataCategories: "Recipient email, IP address", location: "Virginia, US" });
    await edit({ purpose: "Transactional email", dataCategories: "Recipient email, IP address", location: "Virginia, US", website: "https://mailer.example", transferMechanism: "EU SCCs" });
    const changes = await changesOf(org.id);
    expect(changes.map((c) => [c.kind, c.summary])).toEqual([
      ["ADDED", "New subprocessor: Email delivery; data: Recipient email; location: Frankfurt, DE"],
      ["CHANGED", "Purpose: Email delivery → Transactional email"],
      ["CHANGED", "Data categories: Recipient email → Recipient email, IP address"],
      ["CHANGED", "Location: Frankfurt, DE → Virginia, US"],
    ]);
    expect(changes[3]).toMatchObject({ before: { purpose: "Transactional email", dataCategories: "Recipient email, IP address", location: "Frankfurt, DE" }, after: { location: "Virginia, US" } });
  });

  it("applies the rule to an import: an early date refuses the import with the vendor named, and nothing is written", async () => {
    const { ctx, org } = await createOrg(undefined, "Importer");
    await setNoticeDays(ctx, 30);
    const csv = "vendor,purpose,location,effective_date\nEarly Inc,Hosting,Dublin IE,2026-12-10\n";
    const error = await applyImport({ ctx, input: { format: "subprocessors-csv", text: csv }, strict: true }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(422);
    expect((error as AppError).message).toBe("Subprocessor “Early Inc”: The earliest effective date allowed is 2026-12-31 (today plus the 30-day notice period). Choose that date or later, or mark the change urgent and say why.");
    expect(await changesOf(org.id)).toEqual([]);
    const ok = "vendor,purpose,location,effective_date\nLate Inc,Hosting,Dublin IE,2027-01-15\n";
    await applyImport({ ctx, input: { format: "subprocessors-csv", text: ok }, strict: true });
    expect((await changesOf(org.id)).map((c) => c.vendor)).toEqual(["Late Inc"]);
  });
});

describe("upcoming changes on the public surfaces", () => {
  it("lists what, when and the urgent reason (escaped) with an Object link, on the page and in trust.json", async () => {
    const { ctx, org } = await createOrg(undefined, "Shown");
    await setNoticeDays(ctx, 365);
    await createItem({ ctx, kind: "subprocessors", input: vendor("Fast <script>", { effectiveDate: "2027-06-01", urgent: "yes", urgentReason: "Provider <img src=x onerror=alert(1)> closes" }) });
    await createItem({ ctx, kind: "subprocessors", input: vendor("Hidden", { effectiveDate: "2027-12-01", visibility: "PRIVATE" }) });
    await publish({ ctx });
    const [change] = await changesOf(org.id);
    const page = await (await trustPage(new Request(`http://localhost:3000/t/${org.slug}`), org.slug, null)).text();
    expect(page).toContain('<h3 id="upcoming-changes">Upcoming changes</h3>');
    expect(page).toContain(
      `<li><strong>Fast &lt;script&gt;</strong>: New subprocessor: Email delivery; data: Recipient email; location: Frankfurt, DE. Effective <time datetime="2027-06-01">1 June 2027</time>. <span class="badge b-urgent">Urgent</span> Why: Provider &lt;img src=x onerror=alert(1)&gt; closes <a href="/t/${org.slug}/subprocessors/object?change=${change!.id}">Object</a></li>`,
    );
    expect(page).not.toContain("Hidden");
    const json = await (await trustDocument(new Request(`http://localhost:3000/t/${org.slug}/trust.json`), org.slug, null)).json();
    expect(json.publication.view.upcomingChanges).toEqual([
      { id: change!.id, vendor: "Fast <script>", kind: "ADDED", summary: "New subprocessor: Email delivery; data: Recipient email; location: Frankfurt, DE", effectiveOn: "2027-06-01", urgent: true, reason: "Provider <img src=x onerror=alert(1)> closes" },
    ]);
    const stamped = await changesOf(org.id);
    expect(stamped[0]!.publicationId).not.toBeNull();
    expect(stamped[1]!.publicationId).toBeNull();
  });
});
