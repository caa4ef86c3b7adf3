import { existsSync, writeFileSync } from "node:fs";
import { maintainArtifacts, renderCounts } from "../../src/modules/publishing/server/artifacts";
import { disconnectDb } from "../../src/server/db/client";

/**
 * For the bench: one run of the workers' artifact upkeep, started when the barrier's go file
 * appears (so that two processes start it at the same instant); prints what it rendered.
 * Usage: upkeep-once.ts <barrier dir>
 */
const barrier = process.argv[2]!;
writeFileSync(`${barrier}/ready-${process.pid}`, "");
while (!existsSync(`${barrier}/go`)) await new Promise((resolve) => setTimeout(resolve, 5));
const result = await maintainArtifacts({ at: Date.now() });
console.log(JSON.stringify({ rendered: result.rendered, renders: renderCounts.total }));
await disconnectDb();
process.exit(0);
