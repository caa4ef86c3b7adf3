import { existsSync } from "node:fs";
import path from "node:path";
import { ensureDatabase } from "./database";
import { devSecrets, hasDevSecrets } from "./dev-secrets";
import { runningPort, startEmbeddedPostgres } from "./embedded-postgres";

/**
 * The development database: the embedded PostgreSQL that `npm run dev` keeps in
 * `<data dir>/postgres`, with its password in `<data dir>/dev-secrets.json`. `npm run dev`
 * creates it; `npm run cli` finds it the same way, so operator commands work in development with
 * no DATABASE_URL. CANDOR_DATA_DIR moves the data dir (default `.data`), e.g. for tests.
 */
export const DEV_DATABASE = "candor";
export const DEV_PORT = 54329;

export function devDataDir() {
  return path.resolve(process.env.CANDOR_DATA_DIR ?? ".data");
}

export type DevDatabase = {
  /** The owner connection to the `candor` database. */
  url: string;
  port: number;
  /** Set when this process started the server: stop it when done. */
  stop?: () => Promise<void>;
};

export class NoDevDatabase extends Error {}

/** Reuses the server if one runs on the data dir, else starts it; creates it first if `create`. */
export async function openDevDatabase(options: { dataDir: string; create: boolean; port?: number }): Promise<DevDatabase> {
  const dir = path.join(options.dataDir, "postgres");
  const exists = existsSync(path.join(dir, "PG_VERSION")) && hasDevSecrets(options.dataDir);
  if (!exists && !options.create) {
    const shown = dir.startsWith(process.cwd() + path.sep) ? path.relative(process.cwd(), dir) : dir;
    throw new NoDevDatabase(
      `No development database in ${shown}. Create it with \`npm run dev\` ` +
        "(it also seeds the demo tenant), or set DATABASE_URL to the owner connection of another database.",
    );
  }
  const { postgresPassword } = devSecrets(options.dataDir);
  const running = runningPort(dir);
  if (running) return { url: await databaseUrl(adminUrl(postgresPassword, running), options.create), port: running };
  const server = await startEmbeddedPostgres({ dir, password: postgresPassword, port: options.port, persistent: true });
  return { url: await databaseUrl(server.url, options.create), port: server.port, stop: server.stop };
}

function adminUrl(password: string, port: number) {
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

async function databaseUrl(admin: string, create: boolean) {
  if (create) return ensureDatabase(admin, DEV_DATABASE);
  const url = new URL(admin);
  url.pathname = `/${DEV_DATABASE}`;
  return url.toString();
}
