import "server-only";

import * as z from "zod";
import { CONTROL_STATUSES } from "@/modules/content/schema";
import type { ControlKeyset } from "@/modules/controls/server/controls";
import { CONTROL_SORTS } from "@/modules/controls/query";
import { ApiProblem } from "@/server/api/problem";

/**
 * The control list's cursor (ADR 035): opaque to clients, a keyset inside: the sort and direction
 * it was given out for, the last row's sort key and its ref (unique per organisation). The next
 * page starts after that row whatever was inserted or deleted meanwhile, so a walk neither repeats
 * nor skips a row that was there all along. A cursor is read back through a schema per sort, so a
 * forged one is a 400, never a cast error in SQL.
 */
type Sort = (typeof CONTROL_SORTS)[number];

const text = z.string().max(2_000);
const int4 = z.int().min(-2_147_483_648).max(2_147_483_647);
const instant = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)$/).refine((v) => !Number.isNaN(Date.parse(v)));
const KEYS: Record<Sort, z.ZodType<(string | number | null)[]>> = {
  position: z.tuple([int4, int4]),
  ref: z.tuple([text]),
  title: z.tuple([text]),
  status: z.tuple([z.enum(CONTROL_STATUSES)]),
  area: z.tuple([text]),
  lastReviewed: z.tuple([instant.nullable()]),
  updated: z.tuple([instant]),
};

const cursorSchema = z.object({ s: z.enum(CONTROL_SORTS), d: z.enum(["asc", "desc"]), k: z.array(z.union([z.string(), z.number(), z.null()])).max(2), r: z.string().min(1).max(200) }).strict();

export function encodeControlCursor(sort: Sort, dir: "asc" | "desc", last: { sortKey: (string | number | null)[]; ref: string }): string {
  return Buffer.from(JSON.stringify({ s: sort, d: dir, k: last.sortKey, r: last.ref })).toString("base64url");
}

/** The keyset a cursor names, for this sort and direction; anything else is a 400. */
export function decodeControlCursor(cursor: string | undefined, sort: Sort, dir: "asc" | "desc"): ControlKeyset | undefined {
  if (cursor === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    value = undefined;
  }
  const parsed = cursorSchema.safeParse(value);
  if (!parsed.success || !KEYS[parsed.data.s].safeParse(parsed.data.k).success) throw new ApiProblem("bad_request", "The cursor is not one this API gave out.");
  if (parsed.data.s !== sort || parsed.data.d !== dir) throw new ApiProblem("bad_request", "This cursor was given out for another sort; start again without it.");
  return { key: parsed.data.k, ref: parsed.data.r };
}
