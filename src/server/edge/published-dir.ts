import "server-only";

import { rmSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { onHostEvents } from "@/modules/domains/server/host-lookup";
import { artifactKey } from "@/modules/publishing/server/artifacts";
import { onPointerEvents } from "@/modules/publishing/server/pointer-cache";
import { now } from "@/server/clock";
import { getPool } from "@/server/db/pool";
import { env } from "@/server/env";
import { log } from "@/server/log";

/**
 * Published pages as static files, for the edge to serve without the app (ADR 017, 025): with
 * PUBLISHED_DIR set, every tenant host's page and trust.json, as stored for the live publication
 * (PublishedArtifact), are mirrored to `{PUBLISHED_DIR}/{host}/index.html` and `trust.json`, each
 * with `.br` and `.gz` beside it; deploy/caddy/site.caddy serves them directly (precompressed),
 * falling back to the app when a file is missing. The writer works from the store, on events,
 * never from what a visitor was served:
 * - at start (startPublishedDir(), scripts/web.ts): the directory is reconciled with the store
 *   (reconcileAll(): a host's files whose ETags are still the live ones stay, anything else is
 *   removed at once, then what is missing is written) — the directory is shared by every
 *   instance, and one starting must not empty what the others are serving;
 * - an organisation publishes or unpublishes, or the worker stored something new for it (here
 *   or on another instance: the events of the live-publication cache): its hosts' files are
 *   removed at once (synchronously: when publish() returns, the edge cannot serve the superseded
 *   page), then written again from the store;
 * - a custom domain changes (removed, suspended, taken over): that host's files are removed;
 * - a file's validity ends (a date boundary): removed and written again (the worker stored the
 *   next rendering ahead of time);
 * - notifications may have been missed: reconciled again, the same way.
 * A write that races one of these checks afterwards that nothing happened meanwhile, and removes
 * what it wrote if something did.
 */
type State = {
  bySlug: Map<string, Set<string>>;
  /** host → the slug whose files it holds (the reverse of bySlug). */
  owners: Map<string, string>;
  /** host → when its files stop being current, and whose they are. */
  expiring: Map<string, { slug: string; validUntil: number }>;
  generation: Map<string, number>;
  resets: number;
  sweeper?: NodeJS.Timeout;
  hooked?: boolean;
};
const holder = globalThis as unknown as { candorPublishedDir?: State };
const state: State = (holder.candorPublishedDir ??= { bySlug: new Map(), owners: new Map(), expiring: new Map(), generation: new Map(), resets: 0 });

export function publishedDir(): string | null {
  const dir = env().PUBLISHED_DIR;
  return dir ? path.resolve(/*turbopackIgnore: true*/ process.cwd(), dir) : null;
}

/** Host names are normalised before they get here; this is a second lock on the path. */
function hostDir(root: string, host: string) {
  if (!/^[a-z0-9.-]{1,253}$/.test(host) || host.includes("..")) throw new Error(`not a host name: ${host}`);
  return path.join(root, host);
}

/**
 * Starts the writer (once per process): clears the directory, then (in the background) writes
 * every live page, and follows events from then on.
 */
export async function startPublishedDir() {
  if (!publishedDir() || state.hooked) return;
  state.hooked = true;
  onPointerEvents({
    forgotten: (slug) => {
      removeForSlug(slug);
      queueWrite(slug);
    },
    reset: () => void reconcileAll(++state.resets),
  });
  onHostEvents({ forgotten: hostChanged, reset: () => void reconcileAll(++state.resets) });
  state.sweeper = setInterval(sweep, 1_000);
  state.sweeper.unref();
  await reconcileAll(state.resets, { write: false });
  void writeMissing(state.resets);
}

function sweep() {
  const at = now();
  for (const [host, { slug, validUntil }] of state.expiring) {
    if (validUntil > at) continue;
    removeHost(host);
    queueWrite(slug);
  }
}

type ManifestRow = { slug: string; host: string; page_etag: string; trust_etag: string | null; validUntil: Date | null; languages: number };
/**
 * What a host directory holds, written last by writeHost(): the ETags of its page and trust.json,
 * and how many language pages beside them (ADR 038: they are the worker's, after the publish).
 * "v2": the default language's file is the default page (writeHost()); a directory written before
 * that holds the language's own rendering there, and is written again.
 */
const MARKER = ".etags";
const markerOf = (page: string, trust: string | null | undefined, languages: number) => `v2 ${page} ${trust ?? "-"} ${languages}\n`;
/** Slugs whose files the last reconcile found missing or out of date, written next. */
let missing: string[] = [];

/**
 * Makes the directory match the store without emptying it first: one query says which files
 * every live host should hold (candor_edge_manifest: ETags, no bytes); a host directory whose
 * marker names those ETags stays as it is, anything else (another publication, a host no
 * longer live, a stray entry) is removed before this returns, and the slugs with something
 * missing are queued for writeMissing(). What stays can be served at once; nothing superseded
 * outlives the query.
 */
async function reconcileAll(reset: number, { write = true }: { write?: boolean } = {}) {
  const root = publishedDir();
  if (!root) return;
  try {
    const { rows } = await getPool().query<ManifestRow>('SELECT slug, host, page_etag, trust_etag, "validUntil", languages FROM candor_edge_manifest($1, $2, $3)', [artifactKey(), env().PLATFORM_DOMAIN, new Date(now())]);
    if (reset !== state.resets) return; // another reset started over
    state.bySlug.clear();
    state.owners.clear();
    state.expiring.clear();
    const wanted = new Map(rows.map((row) => [row.host, row]));
    await mkdir(root, { recursive: true });
    const kept = new Set<string>();
    for (const entry of await readdir(root)) {
      const want = wanted.get(entry);
      const marker = want ? await readFile(path.join(root, entry, MARKER), "utf8").catch(() => null) : null;
      if (want && marker === markerOf(want.page_etag, want.trust_etag, want.languages)) {
        kept.add(entry);
        own(want.slug, entry, want.validUntil?.getTime() ?? Infinity);
      } else {
        await rm(path.join(root, entry), { recursive: true, force: true });
      }
    }
    missing = [...new Set(rows.filter((row) => !kept.has(row.host)).map((row) => row.slug))];
  } catch (error) {
    // Without the manifest nothing can be judged current: empty it (the edge falls back to the app).
    log.warn({ err: error }, "could not read which published pages are live; clearing the edge's directory");
    await removeAll();
    missing = [];
  }
  if (write) await writeMissing(reset);
}

/** Reconciles the directory with the store now (what a missed notification does; tests). */
export function reconcilePublishedDir() {
  return reconcileAll(++state.resets);
}

async function writeMissing(reset: number) {
  const slugs = missing;
  missing = [];
  for (const slug of slugs) {
    if (reset !== state.resets) return; // another reset started over
    await writeSlug(slug);
  }
}

/**
 * Slugs whose files are to be written, one at a time in arrival order, each once however often
 * it was announced meanwhile. Events can come in bursts (a worker storing many tenants' artifacts
 * announces each): a write per event at once asked for a connection per event, and beyond the
 * pool's wait they failed (measured: 1,600 of 10,000 announced tenants written, the rest lost
 * until the next reconcile). Removal is not queued: it stays synchronous with the event.
 */
const queued = new Set<string>();
let draining = false;

function queueWrite(slug: string) {
  queued.add(slug);
  if (!draining) void drainWrites();
}

async function drainWrites() {
  draining = true;
  try {
    for (let next = queued.values().next(); !next.done; next = queued.values().next()) {
      queued.delete(next.value);
      await writeSlug(next.value);
    }
  } finally {
    draining = false;
  }
}

/** Records that `host` holds `slug`'s files, current until `validUntil`. */
function own(slug: string, host: string, validUntil: number) {
  let hosts = state.bySlug.get(slug);
  if (!hosts) state.bySlug.set(slug, (hosts = new Set<string>()));
  hosts.add(host);
  state.owners.set(host, slug);
  if (Number.isFinite(validUntil)) state.expiring.set(host, { slug, validUntil });
}

/** `page@de`, …: the page in one language (ADR 038), written as index.de.html. */
type FileRow = { host: string; surface: "page" | `page@${string}` | "trust.json"; etag: string; validUntil: Date | null; language: string | null; body: Buffer; br: Buffer; gzip: Buffer };

/** Writes the files of every host of `slug` from the store (nothing when it is not published). */
export async function writeSlug(slug: string) {
  const root = publishedDir();
  if (!root) return;
  const generation = state.generation.get(slug) ?? 0;
  const resets = state.resets;
  const stale = () => (state.generation.get(slug) ?? 0) !== generation || state.resets !== resets;
  try {
    const { rows } = await getPool().query<FileRow>("SELECT host, surface, etag, \"validUntil\", language, body, br, gzip FROM candor_edge_files($1, $2, $3, $4)", [slug, artifactKey(), env().PLATFORM_DOMAIN, new Date(now())]);
    const trust = rows.find((row) => row.surface === "trust.json");
    for (const page of rows.filter((row) => row.surface === "page")) {
      if (stale()) return;
      const languages = rows.filter((row) => row.host === page.host && row.surface.startsWith("page@"));
      await writeHost(root, slug, page, trust, languages);
      // Published (or reset) meanwhile: what was just written may already be out of date.
      if (stale()) removeHost(page.host);
    }
  } catch (error) {
    log.warn({ err: error, slug }, "could not write a published page for the edge");
  }
}

/**
 * A host's files: index.html (the organisation's default language: what a browser that names none
 * of ours gets), index.{lang}.html for each language (deploy/caddy/site.caddy picks one by
 * Accept-Language), trust.json. The default language's file is index.html's bytes, as the app
 * answers a browser whose Accept-Language is the organisation's own (renderingLocale()).
 */
async function writeHost(root: string, slug: string, page: FileRow, trust: FileRow | undefined, languages: FileRow[]) {
  const dir = hostDir(root, page.host);
  own(slug, page.host, Math.min(page.validUntil?.getTime() ?? Infinity, trust?.validUntil?.getTime() ?? Infinity, ...languages.map((row) => row.validUntil?.getTime() ?? Infinity)));
  await mkdir(dir, { recursive: true });
  const defaultLanguage = page.language && /^[a-z]{2}$/.test(page.language) ? page.language : null;
  const files: [string, FileRow | undefined][] = [
    ...languages.filter((row) => /^page@[a-z]{2}$/.test(row.surface) && row.surface.slice(5) !== defaultLanguage).map((row): [string, FileRow] => [`index.${row.surface.slice(5)}.html`, row]),
    ...(defaultLanguage ? [[`index.${defaultLanguage}.html`, page] as [string, FileRow]] : []),
    ["index.html", page],
    ["trust.json", trust],
  ];
  for (const [name, row] of files) {
    if (!row) continue;
    // The plain file last, each by rename: the edge serves a name only once the plain file exists.
    for (const [file, bytes] of [[`${name}.br`, row.br], [`${name}.gz`, row.gzip], [name, row.body]] as const) {
      const temporary = path.join(dir, `.${file}.${process.pid}.tmp`);
      await writeFile(temporary, bytes);
      await rename(temporary, path.join(dir, file));
    }
  }
  // Last: the marker that lets a starting instance keep these files (reconcileAll()).
  await writeFile(path.join(dir, MARKER), markerOf(page.etag, trust?.etag, languages.length));
}

/**
 * Removes a host's files, synchronously: when publish() (or a domain change) returns, the edge
 * can no longer serve the superseded page. A handful of small files: well under a millisecond.
 */
export function removeHost(host: string) {
  const root = publishedDir();
  if (!root) return;
  state.expiring.delete(host);
  state.owners.delete(host);
  try {
    rmSync(hostDir(root, host), { recursive: true, force: true });
  } catch (error) {
    log.error({ err: error, host }, "could not remove a published page from the edge's directory");
  }
}

/**
 * A custom domain changed: its files go at once; if it still serves its organisation, they are
 * written again. (A lookup, not a scan: inserting many domains sends as many notifications.)
 */
function hostChanged(host: string) {
  const owner = state.owners.get(host);
  if (owner) state.generation.set(owner, (state.generation.get(owner) ?? 0) + 1);
  removeHost(host);
  if (owner) queueWrite(owner);
}

function removeForSlug(slug: string) {
  state.generation.set(slug, (state.generation.get(slug) ?? 0) + 1);
  const hosts = state.bySlug.get(slug);
  state.bySlug.delete(slug);
  for (const host of hosts ?? []) removeHost(host);
  // A host this process has not written yet may hold another instance's files.
  const root = publishedDir();
  if (root) removeHost(`${slug}.${env().PLATFORM_DOMAIN}`);
}

/** Removes every file (when the store cannot say which are current). */
export async function removeAll() {
  const root = publishedDir();
  if (!root) return;
  state.bySlug.clear();
  state.owners.clear();
  state.expiring.clear();
  try {
    // The entries, not the directory: in docker compose it is a volume's mount point.
    await mkdir(root, { recursive: true });
    await Promise.all((await readdir(root)).map((entry) => rm(path.join(root, entry), { recursive: true, force: true })));
  } catch (error) {
    log.error({ err: error, root }, "could not clear the published pages directory");
  }
}
