import "server-only";

import { rmSync } from "node:fs";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { onHostEvents } from "@/modules/domains/server/host-lookup";
import { appOrigin } from "@/modules/publishing/server/artifacts";
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
 * - at start (startPublishedDir(), scripts/web.ts): everything is removed, then written again;
 * - an organisation publishes or unpublishes, or the worker stored something new for it (here
 *   or on another instance: the events of the live-publication cache): its hosts' files are
 *   removed at once (synchronously: when publish() returns, the edge cannot serve the superseded
 *   page), then written again from the store;
 * - a custom domain changes (removed, suspended, taken over): that host's files are removed;
 * - a file's validity ends (a date boundary): removed and written again (the worker stored the
 *   next rendering ahead of time);
 * - notifications may have been missed: everything is removed and written again.
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
      void writeSlug(slug);
    },
    reset: () => void rewriteAll(),
  });
  onHostEvents({ forgotten: hostChanged, reset: () => void rewriteAll() });
  state.sweeper = setInterval(sweep, 1_000);
  state.sweeper.unref();
  await removeAll();
  void writeAll(state.resets);
}

function sweep() {
  const at = now();
  for (const [host, { slug, validUntil }] of state.expiring) {
    if (validUntil > at) continue;
    removeHost(host);
    void writeSlug(slug);
  }
}

async function rewriteAll() {
  const reset = ++state.resets;
  await removeAll();
  await writeAll(reset);
}

async function writeAll(reset: number) {
  try {
    const { rows } = await getPool().query<{ slug: string }>("SELECT slug FROM candor_published_slugs()");
    for (const { slug } of rows) {
      if (reset !== state.resets) return; // another reset started over
      await writeSlug(slug);
    }
  } catch (error) {
    log.warn({ err: error }, "could not list published trust centers for the edge's directory");
  }
}

type FileRow = { host: string; surface: "page" | "trust.json"; validUntil: Date | null; body: Buffer; br: Buffer; gzip: Buffer };

/** Writes the files of every host of `slug` from the store (nothing when it is not published). */
export async function writeSlug(slug: string) {
  const root = publishedDir();
  if (!root) return;
  const generation = state.generation.get(slug) ?? 0;
  const resets = state.resets;
  const stale = () => (state.generation.get(slug) ?? 0) !== generation || state.resets !== resets;
  try {
    const { rows } = await getPool().query<FileRow>("SELECT host, surface, \"validUntil\", body, br, gzip FROM candor_edge_files($1, $2, $3, $4)", [slug, appOrigin(), env().PLATFORM_DOMAIN, new Date(now())]);
    const trust = rows.find((row) => row.surface === "trust.json");
    for (const page of rows.filter((row) => row.surface === "page")) {
      if (stale()) return;
      await writeHost(root, slug, page, trust);
      // Published (or reset) meanwhile: what was just written may already be out of date.
      if (stale()) removeHost(page.host);
    }
  } catch (error) {
    log.warn({ err: error, slug }, "could not write a published page for the edge");
  }
}

async function writeHost(root: string, slug: string, page: FileRow, trust: FileRow | undefined) {
  const dir = hostDir(root, page.host);
  let hosts = state.bySlug.get(slug);
  if (!hosts) state.bySlug.set(slug, (hosts = new Set<string>()));
  hosts.add(page.host);
  state.owners.set(page.host, slug);
  const until = Math.min(page.validUntil?.getTime() ?? Infinity, trust?.validUntil?.getTime() ?? Infinity);
  if (Number.isFinite(until)) state.expiring.set(page.host, { slug, validUntil: until });
  await mkdir(dir, { recursive: true });
  for (const [name, row] of [["index.html", page], ["trust.json", trust]] as const) {
    if (!row) continue;
    // The plain file last, each by rename: the edge serves a name only once the plain file exists.
    for (const [file, bytes] of [[`${name}.br`, row.br], [`${name}.gz`, row.gzip], [name, row.body]] as const) {
      const temporary = path.join(dir, `.${file}.${process.pid}.tmp`);
      await writeFile(temporary, bytes);
      await rename(temporary, path.join(dir, file));
    }
  }
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
  if (owner) void writeSlug(owner);
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

/** Removes every file (at start-up, and whenever events may have been missed). */
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
