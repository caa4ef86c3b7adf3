import "server-only";

import { brotliCompressSync, constants as zlibConstants, gzipSync } from "node:zlib";
import { subscribe } from "@/server/db/notify";
import { log } from "@/server/log";
import { withPublicTenant } from "@/server/db/tenant";
import type { PublicationDocument } from "../view";
import { readThrough, type SwrEntry } from "@/server/swr-cache";
import { forgetPointer as forget, pointers, resetPointers } from "./pointer-cache";
import { PUBLICATION_CHANNEL } from "./channel";

/**
 * The read side of publications, for the public surfaces. None of it reads draft tables: a
 * slug leads to the organisation's latest publication, and everything shown comes from its
 * signed document.
 *
 * Caching: which publication is live, per slug, for at most POINTER_TTL_MS (a bound for the case
 * where a notification is lost); forgotten at once when this process publishes, and within a
 * round trip when another instance does (Postgres LISTEN/NOTIFY on `candor_publication`).
 * Rendered surfaces are cached by publication hash: a publication never changes.
 */
export type Published = {
  orgId: string;
  slug: string;
  seq: number;
  kind: "PUBLISH" | "UNPUBLISH";
  hash: string;
  prevHash: string | null;
  canonical: string;
  signature: string;
  publicKey: string;
  publishedAt: Date;
  document: PublicationDocument;
};

const POINTER_TTL_MS = 5_000;
/** The pointer cache (pointer-cache.ts), typed for what this module keeps in it. */
const livePointers = pointers as Map<string, SwrEntry<Published | null>>;
const MAX_POINTERS = 100_000;

/**
 * A published surface: a CDN or browser may reuse it for 10 s and serve it stale for 50 s more
 * while it revalidates (a bodiless 304 when nothing was published meanwhile). Publishing
 * invalidates Candor's own cache at once; this bounds how long a downstream cache can lag: a
 * minute at worst. See docs/decisions/014-publications.md.
 */
export const PUBLISHED_CACHE = "public, max-age=10, stale-while-revalidate=50";
/** "Not published" and "offline": revalidated on every use, so a first publish shows at once. */
export const REVALIDATE = "public, no-cache";
const MAX_ARTIFACTS = 2_000;

const cache = globalThis as unknown as { candorArtifacts?: Map<string, Artifact> };
const artifacts = (cache.candorArtifacts ??= new Map());

function listen() {
  subscribe(PUBLICATION_CHANNEL, { onMessage: forget, reset: resetPointers });
}

const SELECT = { seq: true, kind: true, hash: true, prevHash: true, canonical: true, signature: true, publicKey: true, publishedAt: true } as const;

function toPublished(slug: string, orgId: string, row: { seq: number; kind: "PUBLISH" | "UNPUBLISH"; hash: string; prevHash: string | null; canonical: string; signature: string; publicKey: string; publishedAt: Date }): Published {
  return { ...row, slug, orgId, document: JSON.parse(row.canonical) as PublicationDocument };
}

/** The organisation's latest publication (live, or the record that took it offline), or null. */
export async function latestPublication(slug: string): Promise<Published | null> {
  listen();
  return readThrough(livePointers, slug, {
    ttlMs: POINTER_TTL_MS,
    maxEntries: MAX_POINTERS,
    load: () =>
      withPublicTenant(slug, async (tx, orgId) => {
        const row = await tx.publication.findFirst({ where: { orgId }, orderBy: { seq: "desc" }, select: SELECT });
        return row ? toPublished(slug, orgId, row) : null;
      }),
    // A publication is immutable: the last one known stays true enough to serve while the
    // database is unreachable, rather than take the trust center down with it.
    onRefreshError: (error) => log.warn({ err: error, slug }, "could not refresh the live publication; serving the last known one"),
  });
}

/** What the cache holds for a slug, without loading (undefined: nothing cached). */
export function peekLatestPublication(slug: string): Published | null | undefined {
  return livePointers.get(slug)?.value;
}

/** Whether the slug names an organisation at all (for an honest "not published yet"). */
export async function organizationExists(slug: string) {
  return (await withPublicTenant(slug, async () => true)) === true;
}

export async function publicationBySeq(slug: string, seq: number): Promise<Published | null> {
  return withPublicTenant(slug, async (tx, orgId) => {
    const row = await tx.publication.findFirst({ where: { orgId, seq }, select: SELECT });
    return row ? toPublished(slug, orgId, row) : null;
  });
}

/** The whole chain, oldest first (the changelog, the feed, verification). */
export async function publicationChain(slug: string): Promise<Published[]> {
  return (
    (await withPublicTenant(slug, async (tx, orgId) => {
      const rows = await tx.publication.findMany({ where: { orgId }, orderBy: { seq: "asc" }, select: SELECT });
      return rows.map((row) => toPublished(slug, orgId, row));
    })) ?? []
  );
}

/** A published asset (the logo), by its hash: immutable, so cacheable for ever. */
export async function publishedAsset(slug: string, sha256: string) {
  return withPublicTenant(slug, (tx, orgId) => tx.publishedAsset.findUnique({ where: { orgId_sha256: { orgId, sha256 } }, select: { bytes: true, mimeType: true } }));
}

// --- rendered artifacts ------------------------------------------------------------------------

export type Artifact = { body: Uint8Array<ArrayBuffer>; contentType: string; etag: string; encoded: Partial<Record<Encoding, Buffer>> };
export type Encoding = "br" | "gzip";

/** The cached rendering under `key`, if there is one (marked as recently used). */
export function cachedArtifact(key: string): Artifact | undefined {
  const hit = artifacts.get(key);
  if (hit) {
    artifacts.delete(key); // keep recently used entries at the end
    artifacts.set(key, hit);
  }
  return hit;
}

/**
 * A rendered surface, from the cache when this publication (and, for date-dependent pages, this
 * day) was rendered before; otherwise rendered now and kept (an LRU of MAX_ARTIFACTS).
 */
export function artifact(key: string, etag: string, contentType: string, render: () => string): Artifact {
  const hit = cachedArtifact(key);
  if (hit) return hit;
  const made: Artifact = { body: new TextEncoder().encode(render()), contentType, etag, encoded: {} };
  artifacts.set(key, made);
  if (artifacts.size > MAX_ARTIFACTS) artifacts.delete(artifacts.keys().next().value!);
  return made;
}

/**
 * The artifact compressed, made once and kept with it. Only the public fast path
 * (src/server/edge/fast-path.ts) sends these: Next drops a route handler's own Content-Encoding
 * (FORBIDDEN_HEADERS in next/dist/server/send-response.js) and compresses for itself.
 */
export function encodedBody(item: Artifact, encoding: Encoding): Buffer {
  return (item.encoded[encoding] ??=
    encoding === "br"
      ? brotliCompressSync(item.body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: item.body.length } })
      : gzipSync(item.body, { level: 9 }));
}

const sentArtifacts = new WeakMap<Response, Artifact>();
/** Which artifact a response from send() carries, so a server that can send it precompressed does. */
export function artifactOf(response: Response): Artifact | undefined {
  return sentArtifacts.get(response);
}

/** Sends an artifact: 304 for a matching If-None-Match, CDN-friendly caching. */
export function send(request: Request, item: Artifact, extraHeaders: Record<string, string> = {}): Response {
  const headers: Record<string, string> = {
    "Content-Type": item.contentType,
    ETag: item.etag,
    "Cache-Control": PUBLISHED_CACHE,
    Vary: "Accept-Encoding",
    ...extraHeaders,
  };
  const match = request.headers.get("if-none-match");
  if (match && match.split(",").some((tag) => tag.trim().replace(/^W\//, "") === item.etag)) return new Response(null, { status: 304, headers });
  const response = new Response(item.body, { status: 200, headers });
  sentArtifacts.set(response, item);
  return response;
}
