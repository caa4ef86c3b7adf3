import { describe, expect, it } from "vitest";
import * as controls from "@/app/api/v1/controls/route";
import * as control from "@/app/api/v1/controls/[id]/route";
import { createOrg } from "../support/factories";
import { apiRequest, keyFor, params } from "../support/api";

const noParams = params({});
type Page = { data: { id: string; ref: string }[]; total: number; nextCursor: string | null };

async function setup() {
  const { ctx } = await createOrg();
  const { key } = await keyFor(ctx, ["posture:read", "posture:write"]);
  const create = async (ref: string, extra: Record<string, unknown> = {}) => {
    const response = await controls.POST(apiRequest("/api/v1/controls", { method: "POST", key, body: { ref, area: "Access control", title: `Control ${ref}`, status: "IMPLEMENTED", ...extra } }), noParams);
    expect(response.status, `create ${ref}`).toBe(201);
    return (await response.json()) as { id: string; ref: string };
  };
  const page = async (query: string) => {
    const response = await controls.GET(apiRequest(`/api/v1/controls?${query}`, { key }), noParams);
    return { status: response.status, body: (await response.json()) as Page & { detail?: string } };
  };
  return { key, create, page };
}

describe("GET /api/v1/controls: keyset cursors", () => {
  it("a walk by ref while controls are inserted before and after the cursor and one already seen is deleted: every original row exactly once, none skipped, the later one included", async () => {
    const { key, create, page } = await setup();
    for (const ref of ["B-01", "B-02", "B-03", "B-04", "B-05", "B-06"]) await create(ref);

    const first = await page("sort=ref&limit=2");
    expect(first.body.data.map((c) => c.ref)).toEqual(["B-01", "B-02"]);
    expect(first.body.total).toBe(6);
    // Concurrent writes: one before the cursor (an offset would repeat B-02), one after it, and a seen row deleted (an offset would skip B-03).
    await create("A-00");
    await create("C-99");
    const seen = first.body.data[0]!;
    const etag = (await control.GET(apiRequest(`/api/v1/controls/${seen.id}`, { key }), params({ id: seen.id }))).headers.get("etag")!;
    expect((await control.DELETE(apiRequest(`/api/v1/controls/${seen.id}`, { method: "DELETE", key, headers: { "if-match": etag } }), params({ id: seen.id }))).status).toBe(204);

    const refs = [...first.body.data.map((c) => c.ref)];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await page(`sort=ref&limit=2&cursor=${encodeURIComponent(cursor)}`);
      expect(next.status).toBe(200);
      expect(next.body.total).toBe(7);
      refs.push(...next.body.data.map((c) => c.ref));
      cursor = next.body.nextCursor;
    }
    expect(refs).toEqual(["B-01", "B-02", "B-03", "B-04", "B-05", "B-06", "C-99"]);
  });

  it("descending, and on a column with empty values (last reviewed, nulls last), the walk is the same list as one page", async () => {
    const { create, page } = await setup();
    await create("R-1", { lastReviewedAt: "2026-03-01" });
    await create("R-2");
    await create("R-3", { lastReviewedAt: "2026-01-01" });
    await create("R-4");
    await create("R-5", { lastReviewedAt: "2026-03-01" });
    for (const query of ["sort=lastReviewed&dir=desc", "sort=lastReviewed", "sort=title&dir=desc", "sort=status", "sort=area&dir=desc", "sort=updated", ""]) {
      const whole = (await page(`${query}&limit=100`)).body.data.map((c) => c.ref);
      const walked: string[] = [];
      let cursor: string | null = "";
      while (cursor !== null) {
        const next = await page(`${query}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
        expect(next.status, query).toBe(200);
        walked.push(...next.body.data.map((c) => c.ref));
        cursor = next.body.nextCursor;
      }
      expect(walked, query).toEqual(whole);
      expect(whole, query).toHaveLength(5);
    }
    expect((await page("sort=lastReviewed&dir=desc&limit=100")).body.data.map((c) => c.ref)).toEqual(["R-1", "R-5", "R-3", "R-2", "R-4"]);
  });

  it("a forged cursor, one with a key of the wrong type, or one given out for another sort is a 400 problem, never a 500", async () => {
    const { create, page } = await setup();
    await create("F-1");
    await create("F-2");
    const cursor = (await page("sort=ref&limit=1")).body.nextCursor!;
    const forge = (value: unknown) => encodeURIComponent(Buffer.from(JSON.stringify(value)).toString("base64url"));
    for (const [query, detail] of [
      [`sort=title&limit=1&cursor=${encodeURIComponent(cursor)}`, "This cursor was given out for another sort; start again without it."],
      [`sort=ref&dir=desc&limit=1&cursor=${encodeURIComponent(cursor)}`, "This cursor was given out for another sort; start again without it."],
      [`sort=updated&cursor=${forge({ s: "updated", d: "asc", k: ["not a time"], r: "F-1" })}`, "The cursor is not one this API gave out."],
      [`sort=position&cursor=${forge({ s: "position", d: "asc", k: [2_147_483_648, 1], r: "F-1" })}`, "The cursor is not one this API gave out."],
      [`sort=status&cursor=${forge({ s: "status", d: "asc", k: ["<script>alert(1)</script>"], r: "F-1" })}`, "The cursor is not one this API gave out."],
      [`sort=ref&cursor=${forge({ s: "ref", d: "asc", k: [["array"]], r: "F-1" })}`, "The cursor is not one this API gave out."],
      [`sort=ref&cursor=${forge({ o: 1 })}`, "The cursor is not one this API gave out."],
      ["cursor=%F0%9F%98%80", "The cursor is not one this API gave out."],
    ] as const) {
      const answer = await page(query);
      expect(answer.status, query).toBe(400);
      expect(answer.body.detail, query).toBe(detail);
    }
  });
});
