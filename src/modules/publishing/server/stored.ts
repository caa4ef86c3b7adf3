import "server-only";

import { randomInt } from "node:crypto";
import { now } from "@/server/clock";
import { getPool } from "@/server/db/pool";
import { env } from "@/server/env";
import { log } from "@/server/log";
import { artifactKey, artifactName, renderingLocale, type ArtifactName, type RequestLanguage, type Surface } from "./artifacts";
import { onPointerEvents } from "./pointer-cache";
import { listenForPublications, type Artifact } from "./public";

/**
 * The read side of stored artifacts (ADR 025), for every public surface (route handlers and the
 * edge alike): the artifact of an organisation's latest publication for one host variant,
 * valid now. One round trip (candor_public_artifact) on a miss, then kept in memory:
 * - forgotten at once when the organisation publishes (here, or anywhere via NOTIFY),
 * - looked up again, before answering, once its validity has ended (a date boundary: the
 *   worker stored the next one ahead of time),
 * - re-checked in the background when the 30 s sweep (SWEEP_MS) finds that its organisation
 *   published or had something stored since the last sweep, which bounds a lost notification,
 * - and re-checked every FULL_CHECK_MS (10 min) whatever the sweep says, for what the sweep
 *   cannot see (a row changed in place, a transaction longer than SWEEP_MARGIN_MS); if the
 *   database is unreachable meanwhile, the last known artifact keeps being served.
 * Each encoding is fetched and kept on its own: a browser's request costs the brotli bytes only,
 * so the memory holds what is actually sent (at 10,000 tenants, a few KB each).
 * null: nothing stored (the caller renders, as before stored artifacts existed).
 */
export type StoredEncoding = "identity" | "br" | "gzip";
/** `language`: the rendering's (the localized surfaces; see renderingLocale()), when recorded. */
export type Stored = { etag: string; contentType: string; bytes: Buffer; validUntil?: number; language?: string };
/** The 30 s sweep's progress (sweepIfDue()). */
type Sweep = { since?: number; nextAt: number; running: boolean };
/**
 * `readAt`: when the value was last read or confirmed (this process's clock). `slug` and `key`: where
 * it is held; `held`: while it is (set by remember(), cleared when it is replaced, dropped or
 * forgotten), so that whoever kept it can ask whether it still is without looking it up.
 */
type Entry = { slug: string; key: string; value: Stored | null; checkAt: number; validUntil: number; bytes: number; readAt: number; held: boolean; refreshing?: boolean };
/** What a caller keeps of an entry to ask storedStillCurrent() about it later. */
export type StoredHandle = { readonly held: boolean };
/**
 * `generation` counts publication events; `changedAt` holds, per organisation, the count at its
 * last one. A read that started before an organisation's event may predate it and is not kept
 * for that organisation; other organisations' events do not matter (with many tenants
 * publishing, a process starting would otherwise never finish warming).
 */
type State = { bySlug: Map<string, Map<string, Entry>>; size: number; bytes: number; generation: number; changedAt: Map<string, number>; sweep: Sweep; hooked?: boolean };

/**
 * Invalidation is by event (NOTIFY; a lost connection re-checks everything); the sweep only
 * bounds a notification lost on a live connection. 30 s: within the minute a downstream cache may
 * already serve a superseded page (PUBLISHED_CACHE). It is one query per process per 30 s, however
 * many pages are held: each page used to be re-checked every 30 s on its next visit, which at
 * 10,000 tenants was ~330–670 lookups a second, and right after a start (pages read over the
 * 15 s of the load, their re-checks spread over the next 30 s) a burst of them while the first
 * visitors were served: the bench's cold pass ran at 0.31–0.58× of one tenant with them and
 * 0.58–0.70× without them (ADR 043).
 */
const SWEEP_MS = 30_000;
/** The sweep asks from this long before the last one's answer: a change is stamped when its transaction began, not when it committed. */
const SWEEP_MARGIN_MS = 10_000;
/** Each page is still re-checked this often (spread), for what no sweep sees. */
const FULL_CHECK_MS = 600_000;
/** Bounded by entries and by bytes (EDGE_MEMORY_MB): the least recently loaded organisations go first. */
const MAX_ENTRIES = 100_000;
const maxBytes = () => env().EDGE_MEMORY_MB * 1024 * 1024;
const holder = globalThis as unknown as { candorStored?: State };
const state: State = (holder.candorStored ??= { bySlug: new Map(), size: 0, bytes: 0, generation: 0, changedAt: new Map(), sweep: { nextAt: 0, running: false } });
// A state kept across a development reload may predate these fields.
state.changedAt ??= new Map();
state.sweep ??= { nextAt: 0, running: false };
const changedSince = (slug: string, generation: number) => (state.changedAt.get(slug) ?? 0) > generation;

function hook() {
  if (state.hooked) return;
  state.hooked = true;
  onPointerEvents({
    forgotten: (slug) => {
      state.changedAt.set(slug, ++state.generation);
      drop(slug);
    },
    reset: () => {
      for (const entries of state.bySlug.values()) for (const entry of entries.values()) entry.checkAt = 0;
    },
  });
}

type Row = { hash: string; kind: string; etag: string | null; contentType: string | null; validUntil: Date | null; language: string | null; bytes: Buffer | null };

async function load(slug: string, site: string, surface: ArtifactName, encoding: StoredEncoding, at: number): Promise<Entry> {
  const { rows } = await getPool().query<Row>("SELECT * FROM candor_public_artifact($1, $2, $3, $4, $5, $6)", [slug, artifactKey(), site, surface, new Date(at), encoding]);
  const row = rows[0];
  const validUntil = row?.validUntil ? row.validUntil.getTime() : Infinity;
  const value: Stored | null = row?.bytes && row.etag && row.contentType ? storedValue(row as Row & { etag: string; contentType: string; bytes: Buffer }) : null;
  return { slug, key: storedKey(site, surface, encoding), value, checkAt: at + FULL_CHECK_MS, validUntil, bytes: value?.bytes.byteLength ?? 0, readAt: at, held: false };
}

/** What a row of candor_public_artifact() or candor_live_pages() holds, as kept. */
function storedValue(row: { etag: string; contentType: string; bytes: Buffer; validUntil: Date | null; language: string | null }): Stored {
  return { etag: row.etag, contentType: row.contentType, bytes: row.bytes, validUntil: row.validUntil ? row.validUntil.getTime() : undefined, language: row.language ?? undefined };
}

function drop(slug: string) {
  const entries = state.bySlug.get(slug);
  if (!entries) return;
  state.bySlug.delete(slug);
  state.size -= entries.size;
  for (const entry of entries.values()) {
    state.bytes -= entry.bytes;
    entry.held = false;
  }
}

function remember(slug: string, key: string, entry: Entry) {
  let entries = state.bySlug.get(slug);
  if (!entries) state.bySlug.set(slug, (entries = new Map()));
  const previous = entries.get(key);
  if (!previous) state.size++;
  else previous.held = false;
  state.bytes += entry.bytes - (previous?.bytes ?? 0);
  entries.set(key, entry);
  entry.held = true;
  while ((state.size > MAX_ENTRIES || state.bytes > maxBytes()) && state.bySlug.size > 1) drop(state.bySlug.keys().next().value!);
}

/**
 * The stored artifact of `slug`'s latest publication for host variant `site` ("" = the app host),
 * in the language the request asks for (storedInLanguage()), or null.
 */
export async function storedArtifact(slug: string, site: string, surface: Surface, language?: RequestLanguage): Promise<Artifact | null> {
  const found = (await storedInLanguage(slug, site, surface, language, "identity"))?.value;
  if (!found) return null;
  const body = new Uint8Array(found.bytes.buffer, found.bytes.byteOffset, found.bytes.byteLength) as Uint8Array<ArrayBuffer>;
  return { body, contentType: found.contentType, etag: found.etag, encoded: {}, validUntil: found.validUntil };
}

/**
 * The stored rendering of `surface` a request gets in `language` (renderingLocale()), with its
 * name, or null. The default rendering is read first (after a start it is in memory): its language
 * says whether Accept-Language's choice is the organisation's own, which it then is; only another
 * language's rendering costs a second lookup. Nothing stored for the default: nothing is looked
 * up for a language either (a language is stored after its default, never before).
 */
export async function storedInLanguage(slug: string, site: string, surface: Surface, language: RequestLanguage | undefined, encoding: StoredEncoding): Promise<{ name: ArtifactName; value: Stored; handle: StoredHandle } | null> {
  const named = language?.named ? artifactName(surface, language.named) : null;
  if (named && named !== surface) {
    const { value, handle } = await storedEntry(slug, site, named, encoding);
    return value ? { name: named, value, handle } : null;
  }
  const base = await storedEntry(slug, site, surface, encoding);
  if (!base.value) return null;
  const name = artifactName(surface, language ? renderingLocale(language, base.value.language) : null);
  if (name === surface) return { name, value: base.value, handle: base.handle };
  const { value, handle } = await storedEntry(slug, site, name, encoding);
  return value ? { name, value, handle } : null;
}

/** One encoding of that artifact (the edge sends it as it is), or null. */
export async function storedBytes(slug: string, site: string, surface: ArtifactName, encoding: StoredEncoding): Promise<Stored | null> {
  return (await storedEntry(slug, site, surface, encoding)).value;
}

/** storedBytes() with the entry it came from (not held: read while its organisation published, or the database unreachable past its span). */
async function storedEntry(slug: string, site: string, surface: ArtifactName, encoding: StoredEncoding): Promise<{ value: Stored | null; handle: StoredHandle }> {
  listenForPublications();
  hook();
  const at = now();
  const key = storedKey(site, surface, encoding);
  const hit = state.bySlug.get(slug)?.get(key);
  sweepIfDue(at);
  if (hit && at < hit.validUntil) {
    recheckIfDue(slug, key, hit, at);
    return { value: hit.value, handle: hit };
  }
  const generation = state.generation;
  try {
    const entry = await load(slug, site, surface, encoding, at);
    // Something was published meanwhile: what was just read may predate it, so it is not kept.
    if (!changedSince(slug, generation)) remember(slug, key, entry);
    return { value: entry.value, handle: entry };
  } catch (error) {
    // The database is unreachable: the last known artifact, even past its span, beats none;
    // without one the caller's own path decides (it serves what it still knows, or a 503).
    log.warn({ err: error, slug, surface }, "could not read a stored artifact");
    return { value: hit?.value ?? null, handle: hit ?? NOT_HELD };
  }
}

const NOT_HELD: StoredHandle = { held: false };

export const storedKey = (site: string, surface: ArtifactName, encoding: StoredEncoding) => `${site}\n${surface}\n${encoding}`;

/**
 * Whether `value`, returned by storedInLanguage() (or storedPages()) with `handle`, is still what
 * storedBytes would return now without waiting on a query: its entry still held (not replaced by
 * a publication event or a re-check that found another artifact, not dropped, not forgotten) and
 * inside its validity. One due its 30 s re-check still is: storedBytes answers with it while the
 * re-check runs, so this starts the re-check just as storedBytes would, and says yes. The edge's
 * ready answers ask this on every hit instead of expiring on a timer; a ready answer due its
 * re-check used to take the long way (URL, routing, serveStored rebuilding the same answer from
 * the same bytes), which after a start was a fifth of the cold pass's requests (ADR 025, "Cold,
 * again"). It reads the entry the answer keeps rather than looking it up (two Map lookups, in maps
 * of 10,000 organisations that no CPU cache holds on a first visit: ADR 025, "The spread").
 */
export function storedStillCurrent(handle: StoredHandle, value: Stored) {
  const entry = handle as Entry;
  if (!entry.held || entry.value !== value) return false;
  const at = now();
  if (at >= entry.validUntil) return false;
  sweepIfDue(at);
  recheckIfDue(entry.slug, entry.key, entry, at);
  return true;
}

/**
 * The background re-check: the live artifact's ETag and validity first, without bytes; the same
 * ones keep the entry as it is (and the edge's ready answers made from it); anything else loads
 * the bytes again. Re-checks falling due together share one round trip (RECHECK_BATCH_MS): at
 * 10,000 tenants a process re-checks ~330 entries a second, and one query each was ~5% of the web
 * process in the bench's round-robin and ~8% of its cold pass (the pg client), besides PostgreSQL's
 * own per-query work on the same cores (ADR 025, "The first visit").
 */
function recheckIfDue(slug: string, key: string, hit: Entry, at: number) {
  if (at < hit.checkAt || hit.refreshing) return;
  hit.refreshing = true;
  // The key says what it names (storedKey, above).
  const [site, surface, encoding] = key.split("\n") as [string, ArtifactName, StoredEncoding];
  rechecks.pending.push({ slug, site, surface, encoding, key, hit, at: now() });
  if (rechecks.pending.length >= RECHECK_BATCH) flushRechecks();
  else rechecks.timer ??= setTimeout(flushRechecks, RECHECK_BATCH_MS);
}

type Recheck = { slug: string; site: string; surface: ArtifactName; encoding: StoredEncoding; key: string; hit: Entry; at: number };
/** Due re-checks gathered for one round trip: at most RECHECK_BATCH, sent within RECHECK_BATCH_MS. */
const rechecks: { pending: Recheck[]; timer?: ReturnType<typeof setTimeout> } = { pending: [] };
const RECHECK_BATCH = 200;
const RECHECK_BATCH_MS = 20;

function flushRechecks() {
  clearTimeout(rechecks.timer);
  rechecks.timer = undefined;
  const batch = rechecks.pending.splice(0);
  if (batch.length === 0) return;
  sameArtifacts(batch)
    .then((same) =>
      Promise.all(
        batch.map(async ({ slug, site, surface, encoding, key, hit, at }, i) => {
          if (state.bySlug.get(slug)?.get(key) !== hit) return;
          if (same[i]) Object.assign(hit, { checkAt: at + FULL_CHECK_MS, readAt: at });
          else {
            const entry = await load(slug, site, surface, encoding, at);
            if (state.bySlug.get(slug)?.get(key) === hit) remember(slug, key, entry);
          }
        }),
      ),
    )
    .catch((error: unknown) => {
      for (const { hit } of batch) hit.checkAt = now() + SWEEP_MS;
      log.warn({ err: error, entries: batch.length }, "could not refresh stored artifacts; serving the last known ones");
    })
    .finally(() => {
      for (const { hit } of batch) hit.refreshing = false;
    });
}

type CheckRow = { i: string; etag: string | null; contentType: string | null; validUntil: Date | null };
/** Per re-check, whether the artifact live at its `at` is the one its entry holds (the same ETag and validity, or still none). */
async function sameArtifacts(batch: Recheck[]): Promise<boolean[]> {
  const { rows } = await getPool().query<CheckRow>(
    `SELECT k.i, a.etag, a."contentType", a."validUntil"
     FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) WITH ORDINALITY AS k(slug, site, surface, at, i)
     LEFT JOIN LATERAL candor_public_artifact(k.slug, $5, k.site, k.surface, k.at, 'none') a ON true`,
    [batch.map((r) => r.slug), batch.map((r) => r.site), batch.map((r) => r.surface), batch.map((r) => new Date(r.at)), artifactKey()],
  );
  const live = new Map(rows.map((row) => [Number(row.i) - 1, row]));
  return batch.map(({ hit }, i) => {
    const row = live.get(i);
    if (!row?.etag || !row.contentType) return hit.value === null;
    return hit.value?.etag === row.etag && hit.validUntil === (row.validUntil ? row.validUntil.getTime() : Infinity);
  });
}

/** A row of candor_live_pages(): every organisation of the slice, with NULLs when it has no live page. */
type LiveRow = { slug: string } & ({ site: string; etag: string; contentType: string; validUntil: Date | null; language: string | null; bytes: Buffer } | { site: null; etag: null; contentType: null; validUntil: null; language: null; bytes: null });
/**
 * Organisations per round trip while warming: ~2 host variants each, ~13 KB of brotli a page, so
 * a round trip carries a few MB. Each one reads only its own slice of organisations (ADR 043).
 */
const WARM_ORGS = 250;

/**
 * Loads the live publications' pages (every host variant, in `encoding`) into memory, organisation
 * by organisation in slug order (`orgsPerQuery` at a time), until all are in, `budgetMs` has passed
 * or three quarters of the memory bound are used
 * (the rest is for what is asked in other encodings, and for trust.json): the web
 * server runs it before it listens, so after a restart the first visitor of each tenant is served
 * from memory like the thousandth (issue 11: cold as fast as hot). Each entry's background
 * re-check is spread over the next FULL_CHECK_MS, so they do not all fall due at once; the sweep
 * covers them from the first read on.
 */
export async function warmStoredArtifacts(options: { encoding?: StoredEncoding; budgetMs?: number; orgsPerQuery?: number } = {}) {
  listenForPublications();
  hook();
  const encoding = options.encoding ?? "br";
  const orgs = options.orgsPerQuery ?? WARM_ORGS;
  const started = Date.now();
  const at = now();
  sweepIfDue(at);
  let after = "";
  let loaded = 0;
  for (;;) {
    const generation = state.generation;
    const { rows } = await getPool().query<LiveRow>("SELECT * FROM candor_live_pages($1, 'page', $2, $3, $4, $5)", [artifactKey(), new Date(at), encoding, after, orgs]);
    // Each re-check falls within FULL_CHECK_MS of when its row was read, not of when the warm began:
    // a start that took seconds to load found a quarter of its pages already due, and their
    // re-checks all ran at once on the first visits (a burst of queries in the bench's cold pass).
    const readAt = now();
    let slices = 0;
    for (const row of rows) {
      if (row.slug !== after) slices++;
      after = row.slug;
      // No live page, or published meanwhile: what this batch read of it may predate it; it loads on demand.
      if (row.site === null || changedSince(row.slug, generation)) continue;
      const validUntil = row.validUntil ? row.validUntil.getTime() : Infinity;
      const value = storedValue(row);
      const key = storedKey(row.site, "page", encoding);
      remember(row.slug, key, { slug: row.slug, key, value, checkAt: readAt + randomInt(FULL_CHECK_MS), validUntil, bytes: row.bytes.byteLength, readAt, held: false });
      loaded++;
    }
    if (slices < orgs || Date.now() - started > (options.budgetMs ?? 15_000) || state.bytes > (maxBytes() * 3) / 4) break;
  }
  return { pages: loaded, ms: Date.now() - started };
}

/**
 * Up to `limit` pages held in memory with their brotli bytes, as (organisation, host variant)
 * pairs with what storedBytes(slug, site, "page", "br") returns for them now: what a start can
 * replay through the fast path to warm its code, and make its ready answers from
 * (src/server/edge/warm-up.ts).
 */
export function storedPages(limit: number): { slug: string; site: string; value: Stored; handle: StoredHandle }[] {
  const pages: { slug: string; site: string; value: Stored; handle: StoredHandle }[] = [];
  for (const [slug, entries] of state.bySlug) {
    for (const [key, entry] of entries) {
      const [site, surface, encoding] = key.split("\n");
      if (surface === "page" && encoding === "br" && entry.value && site !== undefined) pages.push({ slug, site, value: entry.value, handle: entry });
      if (pages.length >= limit) return pages;
    }
  }
  return pages;
}

/** For tests: forget everything this process read. */
export function forgetStoredArtifacts() {
  for (const entries of state.bySlug.values()) for (const entry of entries.values()) entry.held = false;
  state.bySlug.clear();
  state.size = 0;
  state.bytes = 0;
  sweep.since = undefined;
}

/**
 * The 30 s sweep (ADR 043): one query for the organisations that published or had something
 * stored since the last sweep's answer (less SWEEP_MARGIN_MS); each page held for one of them and
 * read before the change (less the margin: a transaction commits after it is stamped) is
 * re-checked at once (recheckIfDue: its ETag; its bytes only if they changed). A page read again
 * since (a notification heard, a re-check) is not.
 * It starts with the first page held, runs on a visit once due (nothing runs while nothing is
 * asked), and one at a time; if it fails, the next visit after SWEEP_MS tries again.
 */
const sweep = state.sweep;

function sweepIfDue(at: number) {
  if (sweep.since === undefined) {
    sweep.since = at - SWEEP_MARGIN_MS;
    sweep.nextAt = at + SWEEP_MS;
    return;
  }
  if (at < sweep.nextAt || sweep.running) return;
  sweep.running = true;
  sweep.nextAt = at + SWEEP_MS;
  const since = sweep.since;
  getPool()
    .query<{ slug: string | null; changedAt: Date | null; asOf: Date }>(
      `SELECT c.slug, c."changedAt", now() AS "asOf" FROM candor_artifact_changes($1, $2) c UNION ALL SELECT NULL, NULL, now()`,
      [artifactKey(), new Date(since)],
    )
    .then(({ rows }) => {
      for (const { slug, changedAt } of rows) {
        if (!slug || !changedAt) continue;
        for (const [key, entry] of state.bySlug.get(slug) ?? []) {
          if (entry.refreshing || entry.readAt >= changedAt.getTime() + SWEEP_MARGIN_MS) continue;
          entry.checkAt = 0;
          recheckIfDue(slug, key, entry, now());
        }
      }
      // The next sweep asks from this one's moment, on the database's clock, less the margin.
      const asOf = rows[0]!.asOf.getTime();
      if (sweep.since === since) sweep.since = asOf - SWEEP_MARGIN_MS;
    })
    .catch((error: unknown) => log.warn({ err: error }, "could not sweep for changed artifacts; the next visit after 30 s tries again"))
    .finally(() => {
      sweep.running = false;
    });
}
