import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

export const dynamic = "force-static";

/**
 * The API reference viewer (Scalar's standalone bundle, MIT, pinned in package.json), served
 * from this origin: no CDN, and the CSP's nonce + 'strict-dynamic' admit it (ADR 035).
 */
export async function GET() {
  const file = createRequire(import.meta.url).resolve("@scalar/api-reference/dist/browser/standalone.js");
  return new Response(await readFile(file), { headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=86400" } });
}
