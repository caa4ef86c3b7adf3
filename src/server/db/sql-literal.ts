import "server-only";

import pg from "pg";
import type { Prisma } from "@/generated/prisma/client";

/**
 * A Prisma.sql statement as one SQL text with its values written in as string literals, so that
 * several statements can travel in ONE simple-protocol message (tenant.ts, the plain page reads:
 * a page's reads in one round trip instead of one each; ADR 042).
 *
 * Each value becomes exactly the text pg would have sent as the statement's parameter
 * (`pg.utils.prepareValue`: dates, arrays, buffers and JSON as pg writes them) inside a quoted
 * literal escaped by `pg.escapeLiteral` (quotes doubled; with a backslash, an E'' literal with
 * the backslashes doubled: correct whatever `standard_conforming_strings` says). A quoted literal
 * is of type unknown until its context types it, as an untyped parameter is, so the statement
 * means what it meant with `$1`. The connection's encoding is UTF-8 (pg's default), where no
 * multi-byte sequence can hide a quote.
 *
 * A NUL is refused (a protocol string ends at it; PostgreSQL refuses it in text anyway), and so is
 * any value pg would not write as text.
 */
export function inlineSql(sql: Prisma.Sql): string {
  const { strings, values } = sql;
  let text = strings[0]!;
  for (let i = 0; i < values.length; i++) text += sqlLiteral(values[i]) + strings[i + 1]!;
  // Statements are joined with ";": a trailing one of its own would make an empty statement.
  return text.replace(/[\s;]+$/, "");
}

/** pg's own conversion of a parameter to text (its types leave `utils` out). */
const prepareValue = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils.prepareValue;

export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  const prepared: unknown = prepareValue(value);
  if (prepared === null || prepared === undefined) return "NULL";
  const text = Buffer.isBuffer(prepared) ? `\\x${prepared.toString("hex")}` : prepared;
  if (typeof text !== "string") throw new TypeError(`A value of type ${typeof prepared} cannot be written into SQL text`);
  if (text.includes("\0")) throw new RangeError("A value with a NUL character cannot be written into SQL text");
  return pg.escapeLiteral(text);
}
