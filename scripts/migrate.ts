import { ensureAppLogin, migrate } from "../src/server/db/migrate";

/** `npm run db:migrate`: apply pending migrations to DATABASE_URL. */
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is not set. (`npm run dev` starts an embedded database and migrates it for you.)");
  process.exit(1);
}
const result = await migrate(databaseUrl, { log: (line) => console.log(line) });
if (!process.env.APP_DATABASE_URL) await ensureAppLogin(databaseUrl);
console.log(`migrations: ${result.applied.length} applied, ${result.alreadyApplied} already applied`);
