import "server-only";

import { localeOr, type Locale } from "@/lib/locales";

import { subscribe } from "@/server/db/notify";
import { log } from "@/server/log";
import { withPublicTenant } from "@/server/db/tenant";
import { publicationDocumentSchema, type PublicationDocument } from "../view";
import { readThrough, type SwrEntry } from "@/server/swr-cache";
import { forgetPointer as forget, pointers, resetPointers } from "./pointer-cache";
import { PUBLICATION_CHANNEL } from "./channel";
import { brotli, gzip } from "./compress";

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

/** Listens (once per process) for publications made anywhere: every cache of them forgets. */
export function listenForPublications() {
  subscribe(PUBLICATION_CHANNEL, { onMessage: forget, reset: resetPointers });
}
const listen = listenForPublications;

export const PUBLICATION_SELECT = { seq: true, kind: true, hash: true, prevHash: true, canonical: true, signature: true, publicKey: true, publishedAt: true } as const;
const SELECT = PUBLICATION_SELECT;

/**
 * A stored publication, its document parsed by its schema (not cast): a row that does not match
 * fails loudly here rather than rendering something unchecked. Once per publication load, not
 * per request (measured by the bench: see ADR 025).
 */
export function toPublished(slug: string, orgId: string, row: { seq: number; kind: "PUBLISH" | "UNPUBLISH"; hash: string; prevHash: string | null; canonical: string; signature: string; publicKey: string; publishedAt: Date }): Published {
  return { ...row, slug, orgId, document: publicationDocumentSchema.parse(JSON.parse(row.canonical)) };
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

/**
 * The organisation's default language (ADR 038) for a page that has no publication to carry it
 * ("not published yet", "offline"); null when the slug names no organisation.
 */
export async function organizationLanguage(slug: string): Promise<Locale | null> {
  return withPublicTenant(slug, async (tx, orgId) => localeOr((await tx.organization.findFirst({ where: { id: orgId }, select: { language: true } }))?.language));
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

/** validUntil: when these bytes stop being current (epoch ms; undefined: until the next publication). */
export type Artifact = { body: Uint8Array<ArrayBuffer>; contentType: string; etag: string; encoded: Partial<Record<Encoding, Buffer>>; validUntil?: number };
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
 * A rendered surface, from the cache when it was rendered before (a publication never changes;
 * for date-dependent surfaces the key names the span of days); otherwise rendered now and kept
 * (an LRU of MAX_ARTIFACTS). null: the render has nothing to show.
 */
export function artifact(key: string, render: () => { body: string; contentType: string; etag: string; validUntil: Date | null } | null): Artifact | null {
  const hit = cachedArtifact(key);
  if (hit) return hit;
  const rendered = render();
  if (!rendered) return null;
  const made: Artifact = { body: new TextEncoder().encode(rendered.body), contentType: rendered.contentType, etag: rendered.etag, encoded: {}, validUntil: rendered.validUntil?.getTime() };
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
  return (item.encoded[encoding] ??= encoding === "br" ? brotli(item.body) : gzip(item.body));
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
