import { describe, expect, it } from "vitest";
import { controlAreaNames, controlSummary, createControl, getControl, listControls, listMemberEmails } from "@/modules/controls/server/controls";
import { controlQuerySchema } from "@/modules/controls/query";
import { liveCoverage } from "@/modules/publishing/server/live-coverage";
import { publish } from "@/modules/publishing/server/publish";
import { inTenant } from "@/server/db/write";
import { readTogether, readTogetherPlain } from "@/server/page-reads";
import { createOrg } from "../support/factories";

/**
 * The control list and a control load their reads on a plain pg connection (readTogetherPlain,
 * src/server/db/tenant.ts withTenantPlainReads) instead of Prisma's. What must not change: the
 * values the pages get (dates as Dates, counts as numbers), the tenant's scope, read-only, and a
 * connection that goes back to the pool clean after a failure.
 */
async function world() {
  const { ctx, owner } = await createOrg(undefined, "Plain");
  await createControl({ ctx, input: { ref: "PL-01", area: "Access", title: "Reviewed <b>one</b>", status: "IMPLEMENTED", visibility: "PUBLIC", lastReviewedAt: "2026-03-02", ownerEmail: owner.email } });
  const { id } = await createControl({ ctx, input: { ref: "PL-02", area: "Crypto", title: "Never reviewed", status: "PLANNED", visibility: "NDA", evidence: [{ label: "Policy", kind: "DOCUMENT", target: "https://example.com/p", visibility: "PUBLIC" }] } });
  await publish({ ctx });
  return { ctx, id };
}

describe("the dashboard's plain-SQL page reads", () => {
  it("give the control list and a control exactly what Prisma's transaction gives: the same values, of the same types", async () => {
    const { ctx, id } = await world();
    for (const query of [controlQuerySchema.parse({}), controlQuerySchema.parse({ q: "review", sort: "lastReviewed", dir: "desc" }), controlQuerySchema.parse({ page: "9" })]) {
      const reads = () => Promise.all([listControls({ ctx, query }), controlSummary({ ctx }), liveCoverage({ ctx })]);
      const [plain, prisma] = [await readTogetherPlain(ctx, reads), await readTogether(ctx, reads)];
      expect(plain).toEqual(prisma);
    }
    const controlReads = () => Promise.all([getControl({ ctx, id }), controlAreaNames({ ctx }), listMemberEmails({ ctx })]);
    const [plain, prisma] = [await readTogetherPlain(ctx, controlReads), await readTogether(ctx, controlReads)];
    expect(plain).toEqual(prisma);
    // Written out, so a change of both paths at once is still seen.
    const [list, summary, live] = await readTogetherPlain(ctx, () => Promise.all([listControls({ ctx, query: controlQuerySchema.parse({}) }), controlSummary({ ctx }), liveCoverage({ ctx })]));
    expect(list.rows.map((row) => [row.ref, row.title, row.evidenceCount, row.lastReviewedAt])).toEqual([
      ["PL-01", "Reviewed <b>one</b>", 0, new Date("2026-03-02T00:00:00.000Z")],
      ["PL-02", "Never reviewed", 1, null],
    ]);
    expect([list.total, summary.coverage.total, summary.coverage.IMPLEMENTED, live.seq, live.coverage?.percent]).toEqual([2, 2, 1, 1, 100]);
    expect(plain[0].evidence.map((item) => [item.label, item.createdAt instanceof Date])).toEqual([["Policy", true]]);
  });

  it("see only their organisation's rows, and refuse to join a unit of another organisation", async () => {
    const a = await world();
    const b = await world();
    const [list] = await readTogetherPlain(a.ctx, () => Promise.all([listControls({ ctx: a.ctx, query: controlQuerySchema.parse({}) })]));
    expect(list.total).toBe(2);
    await expect(readTogetherPlain(a.ctx, () => getControl({ ctx: a.ctx, id: b.id }))).rejects.toThrow("No such control.");
    // A read naming b's organisation inside a's unit: refused before any SQL.
    await expect(readTogetherPlain(a.ctx, () => listControls({ ctx: b.ctx, query: controlQuerySchema.parse({}) }))).rejects.toThrow("One unit of work acts for one organisation");
  });

  it("are read-only, refuse a model query by name, and leave no scope or broken transaction on the pooled connection", async () => {
    const { ctx } = await world();
    await expect(readTogetherPlain(ctx, () => inTenant(ctx, (tx) => tx.$queryRaw`UPDATE "Control" SET title = 'changed' WHERE "orgId" = ${ctx.org.id}::uuid RETURNING id`))).rejects.toThrow(/read-only transaction/);
    await expect(readTogetherPlain(ctx, () => inTenant(ctx, (tx) => tx.control.findMany()))).rejects.toThrow("tx.control is not available in a plain-SQL page read");
    await expect(readTogetherPlain(ctx, () => inTenant(ctx, (tx) => tx.$queryRaw`SELECT 1/0`))).rejects.toThrow(/division by zero/);
    // Ten units after those failures (the pool holds ten): each starts clean and reads.
    const totals = await Promise.all(Array.from({ length: 10 }, () => readTogetherPlain(ctx, () => listControls({ ctx, query: controlQuerySchema.parse({}) })).then((list) => list.total)));
    expect(totals).toEqual(Array(10).fill(2));
    const titles = await readTogether(ctx, () => listControls({ ctx, query: controlQuerySchema.parse({}) }));
    expect(titles.rows.map((row) => row.title)).toEqual(["Reviewed <b>one</b>", "Never reviewed"]);
  });

  it("write every value into the message as exactly that value: no quote, backslash, comment or semicolon ends a literal early", async () => {
    const a = await world();
    const b = await world();
    const hostile = [
      "plain",
      "it's",
      "''",
      "\\'; SELECT 1; --",
      "x\\",
      "E'\\x41'",
      "$$; DROP TABLE \"Control\"; $$",
      "/* open comment",
      "-- line comment\n",
      `'); SELECT set_config('app.org_id', '${b.ctx.org.id}', true); SELECT count(*) FROM "Control"; --`,
      "multi\nline\r\ntext\t",
      "é 中文 🙂 \u202e",
      "%_\\%",
      "{\"json\": [1, \"two\"]}",
      "x".repeat(100_000),
    ];
    const [texts, arrays, dated, numbers, truth, nothing, controls] = await readTogetherPlain(a.ctx, () =>
      inTenant(a.ctx, (tx) =>
        Promise.all([
          Promise.all(hostile.map((value) => tx.$queryRaw<{ v: string }[]>`SELECT ${value}::text AS v`.then(([row]) => row!.v))),
          tx.$queryRaw<{ v: (string | null)[] }[]>`SELECT ${["a,b", "c\"d", "{e}", "f\\g", "NULL", "", "h'i"]}::text[] AS v`.then(([row]) => row!.v),
          tx.$queryRaw<{ v: Date }[]>`SELECT ${new Date("2026-03-02T10:20:30.456Z")}::timestamptz AS v`.then(([row]) => row!.v),
          tx.$queryRaw<{ v: number; n: number }[]>`SELECT ${41}::int + 1 AS v, count(*)::int AS n FROM (SELECT 1 FROM generate_series(1, 10) LIMIT ${3} OFFSET ${1}) s`.then(([row]) => row!),
          tx.$queryRaw<{ v: boolean }[]>`SELECT ${true}::boolean AS v`.then(([row]) => row!.v),
          tx.$queryRaw<{ v: null }[]>`SELECT ${null}::text AS v`.then(([row]) => row!.v),
          tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Control"`.then(([row]) => row!.n),
        ]),
      ),
    );
    expect(texts).toEqual(hostile);
    expect(arrays).toEqual(["a,b", 'c"d', "{e}", "f\\g", "NULL", "", "h'i"]);
    expect(dated).toEqual(new Date("2026-03-02T10:20:30.456Z"));
    expect(numbers).toEqual({ v: 42, n: 3 });
    expect([truth, nothing]).toEqual([true, null]);
    // The statement that tried to move the scope to b's organisation was a string: the batch read a's two controls.
    expect(controls).toBe(2);
    // A NUL cannot be written into a message (PostgreSQL refuses it in text anyway): refused before sending.
    await expect(readTogetherPlain(a.ctx, () => inTenant(a.ctx, (tx) => tx.$queryRaw`SELECT ${"a\u0000b"}::text AS v`))).rejects.toThrow("A value with a NUL character cannot be written into SQL text");
  });

  it("send the reads asked together in one message; a read that fails there fails alone, the reads beside it get their answers", async () => {
    const { ctx } = await world();
    const outcomes = await readTogetherPlain(ctx, () =>
      Promise.allSettled([
        listControls({ ctx, query: controlQuerySchema.parse({}) }).then((list) => list.total),
        inTenant(ctx, (tx) => tx.$queryRaw`SELECT 1/0 AS never`),
        controlSummary({ ctx }).then((summary) => summary.coverage.total),
        inTenant(ctx, (tx) => tx.$queryRaw`UPDATE "Control" SET title = 'changed' RETURNING id`),
      ]),
    );
    expect(outcomes.map((outcome) => (outcome.status === "fulfilled" ? outcome.value : String((outcome.reason as Error).message)))).toEqual([
      2,
      expect.stringMatching(/division by zero/),
      2,
      expect.stringMatching(/read-only transaction/),
    ]);
    // A read that needs an earlier one's answer goes in a message of its own, in the same scope.
    const second = await readTogetherPlain(ctx, async () => {
      const list = await listControls({ ctx, query: controlQuerySchema.parse({}) });
      return getControl({ ctx, id: list.rows[1]!.id });
    });
    expect(second.ref).toBe("PL-02");
    const titles = await readTogether(ctx, () => listControls({ ctx, query: controlQuerySchema.parse({}) }));
    expect(titles.rows.map((row) => row.title)).toEqual(["Reviewed <b>one</b>", "Never reviewed"]);
  });
});
