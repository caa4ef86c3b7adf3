import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomToken } from "../../src/server/crypto";

/**
 * Development-only secrets, generated once per checkout and kept in .data/ (git-ignored), so a
 * fresh clone runs with no configuration and a second run reuses the same database and sessions.
 */
type DevSecrets = { postgresPassword: string; authSecret: string; dataEncryptionKey: string };

const secretsFile = (dataDir: string) => path.join(dataDir, "dev-secrets.json");

/** Whether `npm run dev` has generated them in this data dir (reading must not invent new ones). */
export function hasDevSecrets(dataDir: string) {
  return existsSync(secretsFile(dataDir));
}

export function devSecrets(dataDir: string): DevSecrets {
  const file = secretsFile(dataDir);
  const existing: Partial<DevSecrets> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const secrets: DevSecrets = {
    postgresPassword: existing.postgresPassword ?? randomToken(16),
    authSecret: existing.authSecret ?? randomToken(32),
    dataEncryptionKey: existing.dataEncryptionKey ?? randomBytes(32).toString("base64"),
  };
  if (Object.keys(existing).length !== Object.keys(secrets).length) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}
