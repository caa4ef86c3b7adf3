import "server-only";

import { createItem, deleteItem, getItem, listItems, updateItem } from "@/modules/content/server/crud";
import { decodeCursor, encodeCursor, etagOf, ifMatchVersion, json, noContent, queryOf } from "@/server/api/http";
import { apiOperation, notFoundUnlessUuid, type ApiContext } from "@/server/gate-api";
import type { ContentApi } from "../content-api";
import { contentItemOf } from "../project";

/**
 * /api/v1 over the content kit (src/modules/content/server/crud.ts), the same functions as the
 * dashboard's content pages: list (the kit's search and filter, by cursor), create, get, replace
 * (If-Match), delete (If-Match). Inputs are the dashboard's schemas made strict; answers are
 * built from each resource's explicit schema.
 */
const WRITE = { scope: "posture:write", action: "controls.write" } as const;
const READ = { scope: "posture:read", action: "org.read" } as const;

function shown(api: ContentApi, row: unknown) {
  return contentItemOf(Object.keys(api.out.shape), row as Record<string, unknown>);
}

async function load(api: ContentApi, ctx: ApiContext, id: string) {
  return (await getItem({ ctx, kind: api.kind, id })) as Record<string, unknown>;
}

export function contentCollection(api: ContentApi) {
  return {
    GET: apiOperation(READ, async ({ ctx, request }) => {
      const { limit, cursor, q, ...rest } = api.query.parse(queryOf(request, Object.keys(api.query.shape))) as { limit: number; cursor?: string; q?: string } & Record<string, string | undefined>;
      const offset = decodeCursor(cursor);
      const page = await listItems({ ctx, kind: api.kind, query: { q, filter: api.filter ? rest[api.filter] : undefined, page: 1 }, window: { limit, offset } });
      const nextCursor = offset + page.rows.length < page.total ? encodeCursor(offset + page.rows.length) : null;
      return json(api.page, { data: page.rows.map((row) => shown(api, row)), total: page.total, nextCursor });
    }),
    POST: apiOperation({ ...WRITE, body: true }, async ({ ctx, body }) => {
      const created = await createItem({ ctx, kind: api.kind, input: api.input.parse(body) });
      const row = await load(api, ctx, created.id as string);
      return json(api.out, shown(api, row), { status: 201, headers: { etag: etagOf(row.version as number), location: `/api/v1${api.path}/${row.id as string}` } });
    }),
  };
}

export function contentItem(api: ContentApi) {
  return {
    GET: apiOperation<{ id: string }>(READ, async ({ ctx, params }) => {
      const row = await load(api, ctx, notFoundUnlessUuid(params.id));
      return json(api.out, shown(api, row), { headers: { etag: etagOf(row.version as number) } });
    }),
    PUT: apiOperation<{ id: string }>({ ...WRITE, body: true }, async ({ ctx, params, request, body }) => {
      const id = notFoundUnlessUuid(params.id);
      const version = ifMatchVersion(request);
      await updateItem({ ctx, kind: api.kind, id, input: { ...(api.input.parse(body) as object), version } });
      const row = await load(api, ctx, id);
      return json(api.out, shown(api, row), { headers: { etag: etagOf(row.version as number) } });
    }),
    DELETE: apiOperation<{ id: string }>(WRITE, async ({ ctx, params, request }) => {
      await deleteItem({ ctx, kind: api.kind, id: notFoundUnlessUuid(params.id), input: { version: ifMatchVersion(request) } });
      return noContent();
    }),
  };
}
