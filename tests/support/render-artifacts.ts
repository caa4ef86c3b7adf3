import { existsSync, writeFileSync } from "node:fs";
import { ensureArtifacts, renderCounts } from "@/modules/publishing/server/artifacts";
import { disconnectDb } from "@/server/db/client";

/**
 * A second process for tests/integration/artifacts.test.ts: says it is ready, waits for the
 * go file, renders whatever an organisation's artifacts lack, and prints how many it rendered.
 * Usage: render-artifacts.ts <orgId> <slug> <at ms> <barrier dir>
 */
const [orgId, slug, at, barrier] = process.argv.slice(2) as [string, string, string, string];
writeFileSync(`${barrier}/ready-${process.pid}`, "");
while (!existsSync(`${barrier}/go`)) await new Promise((resolve) => setTimeout(resolve, 5));
const stored = await ensureArtifacts({ orgId, slug, from: Number(at), until: Number(at) });
console.log(JSON.stringify({ stored, renders: renderCounts.total }));
await disconnectDb();
process.exit(0);
