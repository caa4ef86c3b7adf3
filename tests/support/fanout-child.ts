import { fanoutPublication } from "../../src/modules/subscribers/server/fanout";

/**
 * The fan-out of one publication in a process of its own, as the worker runs it, for
 * tests/integration/notify-kill.test.ts to SIGKILL mid-way. Run with
 * `node --import tsx --import ./scripts/node-hooks.mjs tests/support/fanout-child.ts`; the database
 * and secrets come from the environment (DATABASE_URL, APP_DATABASE_URL, AUTH_SECRET, …), the job
 * from FANOUT_ORG_ID and FANOUT_PUBLICATION_ID, the chunk size from FANOUT_CHUNK, and
 * FANOUT_PAUSE_MS a pause after each committed chunk, so a loaded machine's kill lands mid-way.
 * Prints one line per committed chunk ("chunk <n>") and "done" at the end.
 */
async function main() {
  const orgId = process.env.FANOUT_ORG_ID;
  const publicationId = process.env.FANOUT_PUBLICATION_ID;
  if (!orgId || !publicationId) throw new Error("FANOUT_ORG_ID and FANOUT_PUBLICATION_ID are required");
  const pause = Number(process.env.FANOUT_PAUSE_MS ?? 0);
  const result = await fanoutPublication(
    { orgId, publicationId },
    {
      chunkSize: Number(process.env.FANOUT_CHUNK ?? 500),
      afterChunk: async (chunk) => {
        process.stdout.write(`chunk ${chunk}\n`);
        if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
      },
    },
  );
  process.stdout.write(`done ${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
