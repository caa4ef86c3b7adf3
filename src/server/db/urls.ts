import { createHmac } from "node:crypto";

/** The login role Candor creates for itself when only DATABASE_URL is given. */
export const APP_LOGIN_ROLE = "candor_app";

/**
 * The password of the application login role when Candor manages it: derived from the owner's
 * credentials and server in DATABASE_URL, so every process that can read DATABASE_URL computes
 * the same value and nobody has to store a second secret (anyone who holds DATABASE_URL already
 * holds more). Roles belong to the whole server, so the database name and query parameters are
 * left out: every database on one server agrees on the password.
 */
export function derivedAppPassword(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const serverIdentity = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}@${url.hostname}:${url.port || "5432"}`;
  return createHmac("sha256", serverIdentity).update("candor:app-role:v1").digest("base64url");
}

/**
 * The URL the application connects with: APP_DATABASE_URL when the operator provides one,
 * otherwise DATABASE_URL with the user and password replaced by the application role's.
 */
export function appDatabaseUrl(input: { DATABASE_URL: string; APP_DATABASE_URL?: string | undefined }): string {
  if (input.APP_DATABASE_URL) return input.APP_DATABASE_URL;
  const url = new URL(input.DATABASE_URL);
  url.username = APP_LOGIN_ROLE;
  url.password = derivedAppPassword(input.DATABASE_URL);
  return url.toString();
}
