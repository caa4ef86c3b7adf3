import { readFileSync } from "node:fs";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * schema.prisma and the migrated database must describe the same tables: columns, types,
 * nullability, unique constraints and indexes. Migrations are hand-written SQL, so this test is
 * what keeps them honest (docs/decisions/002-migrations.md).
 */
type Field = { name: string; dbName?: string | null; kind: string; type: string; isRequired: boolean; isList: boolean; isId: boolean; isUnique: boolean; nativeType?: [string, string[]] | null; relationFromFields?: string[] };
type Model = { name: string; dbName: string | null; fields: Field[]; primaryKey: { fields: string[] } | null; uniqueFields: string[][] };
type Index = { model: string; type: "id" | "normal" | "unique" | "fulltext"; fields: { name: string }[] };
type Dmmf = { datamodel: { models: Model[]; enums: { name: string; dbName?: string | null }[]; indexes: Index[] } };

const LIBRARY_TABLES = new Set(["_prisma_migrations"]);

const dmmf: Dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: readFileSync("prisma/schema.prisma", "utf8") })));
const models = dmmf.datamodel.models;
const enumNames = new Set(dmmf.datamodel.enums.map((e) => e.name));

function expectedType(field: Field): string {
  const native = field.nativeType?.[0];
  // Prisma creates scalar lists as nullable arrays (the client never writes NULL).
  if (field.isList) return "ARRAY";
  if (field.kind === "enum") return `enum:${field.type}`;
  switch (field.type) {
    case "String":
      return native === "Uuid" ? "uuid" : native === "VarChar" ? "character varying" : "text";
    case "Int":
      return "integer";
    case "BigInt":
      return "bigint";
    case "Boolean":
      return "boolean";
    case "DateTime":
      return native === "Timestamptz" ? "timestamp with time zone" : native === "Date" ? "date" : "timestamp without time zone";
    case "Json":
      return "jsonb";
    case "Bytes":
      return "bytea";
    case "Float":
      return "double precision";
    case "Decimal":
      return "numeric";
    default:
      throw new Error(`No mapping for ${field.type}`);
  }
}

const column = (model: Model, fieldName: string) => {
  const field = model.fields.find((f) => f.name === fieldName)!;
  return field.dbName ?? field.name;
};
const tableOf = (model: Model) => model.dbName ?? model.name;
const key = (columns: string[]) => [...columns].sort().join(",");

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});
afterAll(() => client.end());

describe("schema.prisma matches the migrated database", () => {
  it("has exactly the tables the schema models", async () => {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const actual = rows.map((r) => r.table_name).filter((t) => !LIBRARY_TABLES.has(t)).sort();
    expect(actual).toEqual(models.map(tableOf).sort());
  });

  it("has the enums the schema declares, with the same values", async () => {
    const { rows } = await client.query<{ name: string; values: string[] }>(
      `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = 'public' GROUP BY t.typname`,
    );
    const schemaEnums = Object.fromEntries(
      (dmmf.datamodel.enums as unknown as { name: string; values: { name: string }[] }[]).map((e) => [e.name, e.values.map((v) => v.name)]),
    );
    expect(Object.fromEntries(rows.map((r) => [r.name, r.values]))).toEqual(schemaEnums);
  });

  for (const model of models) {
    it(`${model.name}: columns, types and nullability`, async () => {
      const { rows } = await client.query<{ column_name: string; data_type: string; udt_name: string; is_nullable: string }>(
        `SELECT column_name, data_type, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
        [tableOf(model)],
      );
      const actual = Object.fromEntries(
        rows.map((r) => [r.column_name, `${r.data_type === "USER-DEFINED" ? `enum:${r.udt_name}` : r.data_type}${r.is_nullable === "YES" ? "?" : ""}`]),
      );
      const expected = Object.fromEntries(
        model.fields
          .filter((f) => f.kind === "scalar" || f.kind === "enum")
          .map((f) => [f.dbName ?? f.name, `${expectedType(f)}${f.isRequired && !f.isList ? "" : "?"}`]),
      );
      for (const value of Object.values(expected)) if (value.startsWith("enum:")) expect(enumNames.has(value.slice(5).replace("?", ""))).toBe(true);
      expect(actual).toEqual(expected);
    });

    // Partial indexes (CustomDomain's one-owner-per-host-name index) cannot be written in
    // schema.prisma; they live in the migration and are tested by behaviour.
    it(`${model.name}: primary key, unique constraints and indexes`, async () => {
      const { rows } = await client.query<{ columns: string[]; is_unique: boolean; is_primary: boolean }>(
        `SELECT array_agg(a.attname ORDER BY k.ord)::text[] AS columns, i.indisunique AS is_unique, i.indisprimary AS is_primary
         FROM pg_index i
         JOIN pg_class t ON t.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
         WHERE n.nspname = 'public' AND t.relname = $1 AND i.indpred IS NULL
         GROUP BY i.indexrelid, i.indisunique, i.indisprimary`,
        [tableOf(model)],
      );
      const actual = {
        primary: rows.filter((r) => r.is_primary).map((r) => key(r.columns)),
        unique: rows.filter((r) => r.is_unique && !r.is_primary).map((r) => key(r.columns)).sort(),
        plain: rows.filter((r) => !r.is_unique).map((r) => key(r.columns)).sort(),
      };
      const idField = model.fields.find((f) => f.isId);
      const indexes = dmmf.datamodel.indexes.filter((i) => i.model === model.name);
      const expected = {
        primary: idField ? [key([column(model, idField.name)])] : model.primaryKey ? [key(model.primaryKey.fields.map((f) => column(model, f)))] : [],
        unique: [
          ...model.fields.filter((f) => f.isUnique).map((f) => key([column(model, f.name)])),
          ...model.uniqueFields.map((fields) => key(fields.map((f) => column(model, f)))),
        ].sort(),
        plain: indexes.filter((i) => i.type === "normal").map((i) => key(i.fields.map((f) => column(model, f.name)))).sort(),
      };
      expect(actual).toEqual(expected);
    });
  }
});
