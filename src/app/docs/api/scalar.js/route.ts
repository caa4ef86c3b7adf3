import { readFile } from "node:fs/promises";
import path from "node:path";

export const dynamic = "force-static";

/**
 * The API reference viewer (Scalar's standalone bundle, MIT, pinned in package.json), served
 * from this origin: no CDN, and the CSP's nonce + 'strict-dynamic' admit it (ADR 035).
 */
export async function GET() {
  // The package's exports do not name the browser bundle, so it is read by path from the installed package.
  const file = path.join(/*turbopackIgnore: true*/ process.cwd(), "node_modules/@scalar/api-reference/dist/browser/standalone.js");
  return new Response(await readFile(file), { headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=86400" } });
}
