import "server-only";

import { rmSync } from "node:fs";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { onHostEvents } from "@/modules/domains/server/host-lookup";
import { onPointerEvents } from "@/modules/publishing/server/pointer-cache";
import { encodedBody, latestPublication, type Artifact } from "@/modules/publishing/server/public";
import { env } from "@/server/env";
import { log } from "@/server/log";

/**
 * Published pages as static files, for the edge to serve without the app (ADR 017): when
 * PUBLISHED_DIR is set, the page and trust.json that a tenant host was just served are written
 * to `{PUBLISHED_DIR}/{host}/index.html` and `trust.json`, each with `.br` and `.gz` beside it,
 * and deploy/caddy/site.caddy serves them directly (precompressed), falling back to the app when
 * a file is missing.
 *
 * A file must never outlive its publication. So: files are removed when a publication of the
 * organisation changes (publish, unpublish; here or on another instance, via the same events as
 * the live-publication cache), when a host's domain changes (removed, suspended, taken over),
 * when notifications may have been missed (all of them), at each UTC midnight (the page shows
 * expiry judged by the day), and when the server starts. A write that races a publish checks
 * afterwards that its publication is still live, and removes itself if not.
 */
export type StaticName = "index.html" | "trust.json";

/** bySlug: the hosts each organisation's files were written for; written: "{host}/{name}" → the ETag on disk. */
type State = { bySlug: Map<string, Set<string>>; written: Map<string, string>; day: string; sweeper?: NodeJS.Timeout; hooked?: boolean };
const holder = globalThis as unknown as { candorStatic?: State };
const state: State = (holder.candorStatic ??= { bySlug: new Map<string, Set<string>>(), written: new Map<string, string>(), day: today() });

function today() {
  return new Date().toISOString().slice(0, 10);
}

export function publishedDir(): string | null {
  const dir = env().PUBLISHED_DIR;
  return dir ? path.resolve(/*turbopackIgnore: true*/ process.cwd(), dir) : null;
}

/** Host names are normalised before they get here; this is a second lock on the path. */
function hostDir(root: string, host: string) {
  if (!/^[a-z0-9.-]{1,253}$/.test(host) || host.includes("..")) throw new Error(`not a host name: ${host}`);
  return path.join(root, host);
}

function hook() {
  if (state.hooked) return;
  state.hooked = true;
  onPointerEvents({ forgotten: removeForSlug, reset: () => void removeAll() });
  onHostEvents({ forgotten: removeHost, reset: () => void removeAll() });
  state.sweeper = setInterval(() => {
    if (today() !== state.day) {
      state.day = today();
      void removeAll();
    }
  }, 30_000);
  state.sweeper.unref();
}

/** Writes what a tenant host was just served (a 200 of its live publication), once per artifact and host. */
export async function writeStatic(input: { host: string; slug: string; name: StaticName; item: Artifact; hash: string }) {
  const root = publishedDir();
  if (!root) return;
  hook();
  const key = `${input.host}/${input.name}`;
  if (state.written.get(key) === input.item.etag) return;
  state.written.set(key, input.item.etag);
  const dir = hostDir(root, input.host);
  let hosts = state.bySlug.get(input.slug);
  if (!hosts) state.bySlug.set(input.slug, (hosts = new Set<string>()));
  hosts.add(input.host);
  try {
    await mkdir(dir, { recursive: true });
    // The plain file last: the edge serves a name only once the plain file exists.
    for (const [name, body] of [
      [`${input.name}.br`, encodedBody(input.item, "br")],
      [`${input.name}.gz`, encodedBody(input.item, "gzip")],
      [input.name, input.item.body],
    ] as const) {
      const temporary = path.join(dir, `.${name}.${process.pid}.tmp`);
      await writeFile(temporary, body);
      await rename(temporary, path.join(dir, name));
    }
    // Published meanwhile? Then this file is already out of date.
    if ((await latestPublication(input.slug))?.hash !== input.hash) removeHost(input.host);
  } catch (error) {
    log.warn({ err: error, host: input.host }, "could not write a published page for the edge");
    removeHost(input.host);
  }
}

/**
 * Removes a host's files, synchronously: when publish() (or a domain change) returns, the edge
 * can no longer serve the superseded page. A handful of small files: well under a millisecond.
 */
export function removeHost(host: string) {
  const root = publishedDir();
  if (!root) return;
  for (const name of ["index.html", "trust.json"]) state.written.delete(`${host}/${name}`);
  try {
    rmSync(hostDir(root, host), { recursive: true, force: true });
  } catch (error) {
    log.error({ err: error, host }, "could not remove a published page from the edge's directory");
  }
}

function removeForSlug(slug: string) {
  const hosts = state.bySlug.get(slug);
  state.bySlug.delete(slug);
  for (const host of hosts ?? []) removeHost(host);
}

/** Removes every file (at start-up, and whenever events may have been missed). */
export async function removeAll() {
  const root = publishedDir();
  if (!root) return;
  state.bySlug.clear();
  state.written.clear();
  try {
    // The entries, not the directory: in docker compose it is a volume's mount point.
    await mkdir(root, { recursive: true });
    await Promise.all((await readdir(root)).map((entry) => rm(path.join(root, entry), { recursive: true, force: true })));
  } catch (error) {
    log.error({ err: error, root }, "could not clear the published pages directory");
  }
}
