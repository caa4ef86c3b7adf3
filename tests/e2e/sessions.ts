import { createHash, randomBytes } from "node:crypto";
import type { BrowserContext } from "@playwright/test";
import { sql, sqlOne } from "./fixtures";

/**
 * A signed-in browser without the emailed-link flow: a session row made directly, as the
 * cross-tenant world makes them. The sign-in flow has its own tests (sign-in.spec.ts); specs
 * about something else use this, so that the run stays under the sign-in rate limits (5 requests
 * per address and 30 per IP in 15 minutes), which a long suite would otherwise reach.
 */
export async function signInDirectly(context: BrowserContext, email: string) {
  const user = await sqlOne<{ id: string }>(`INSERT INTO "User" (email) VALUES ($1) ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id`, [email]);
  const token = randomBytes(32).toString("hex");
  await sql(`INSERT INTO "Session" ("sessionToken", "userId", expires) VALUES ($1, $2, now() + interval '1 day')`, [createHash("sha256").update(token).digest("hex"), user.id]);
  // Cookies ignore ports: the production server and a `next dev` beside it on 127.0.0.1 both see it.
  await context.addCookies([{ name: "candor.session", value: token, domain: "127.0.0.1", path: "/", httpOnly: true, sameSite: "Lax" }]);
}
