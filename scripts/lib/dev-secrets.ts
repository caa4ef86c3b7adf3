import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomToken } from "../../src/server/crypto";

/**
 * Development-only secrets, generated once per checkout and kept in .data/ (git-ignored), so a
 * fresh clone runs with no configuration and a second run reuses the same database and sessions.
 */
export function devSecrets(dataDir: string): { postgresPassword: string; authSecret: string } {
  const file = path.join(dataDir, "dev-secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  mkdirSync(dataDir, { recursive: true });
  const secrets = { postgresPassword: randomToken(16), authSecret: randomToken(32) };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
