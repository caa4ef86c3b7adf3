import "server-only";

import { db } from "@/server/db/client";
import { env } from "@/server/env";

/** The development mailbox exists only while mail goes to it (EMAIL_TRANSPORT=mailbox). */
export function mailboxEnabled() {
  return env().EMAIL_TRANSPORT === "mailbox";
}

export async function listMailbox(filter: { to?: string }) {
  return db.devMailboxMessage.findMany({
    where: filter.to ? { recipient: filter.to.toLowerCase() } : {},
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, recipient: true, subject: true, createdAt: true },
  });
}

export async function getMailboxMessage(id: string) {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  return db.devMailboxMessage.findUnique({ where: { id } });
}
