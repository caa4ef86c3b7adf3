import { db } from "@/server/db/client";
import { env } from "@/server/env";
import { open } from "@/server/crypto";
import { OUTBOX_SEAL_PURPOSE } from "@/modules/email/templates";

/**
 * What the newest queued email to `to` says, read the way the worker reads it (unsealing the
 * outbox payload). Tests use it to get the link and code a user would receive. `seen`: ids of
 * emails already read, so that "the next one" never depends on two timestamps differing.
 */
export async function lastSignInEmail(to: string, seen: string[] = []) {
  const row = await db.outboxMessage.findFirstOrThrow({ where: { recipient: to, id: { notIn: seen } }, orderBy: { createdAt: "desc" } });
  const { props } = JSON.parse(open(row.payload!, env().AUTH_SECRET, OUTBOX_SEAL_PURPOSE)) as { props: { url: string; code: string } };
  const url = new URL(props.url);
  return { row, url, token: url.searchParams.get("token")!, code: props.code };
}
