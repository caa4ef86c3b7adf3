import "server-only";

import * as z from "zod";
import { db } from "@/server/db/client";
import { env } from "@/server/env";
import { searchText } from "@/server/query-params";
import { isDirectLoopbackRequest } from "@/server/request";

/** The development mailbox exists only while mail goes to it (EMAIL_TRANSPORT=mailbox). */
export function mailboxEnabled() {
  return env().EMAIL_TRANSPORT === "mailbox";
}

/**
 * Whether this request may read the mailbox: it holds every sign-in link and invitation token,
 * so only a program on this machine, connected directly (not through a proxy, whatever its
 * headers say), may. The front server refuses the rest first (src/server/front.ts).
 */
export function mailboxOpenTo(headers: Headers) {
  return mailboxEnabled() && isDirectLoopbackRequest(headers);
}

/** The mailbox page's `?to=` filter: a recipient, or none if the URL's value is not one. */
export const mailboxFilterSchema = z.object({ to: searchText(254).catch(undefined) });

export async function listMailbox(filter: z.infer<typeof mailboxFilterSchema>) {
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
