import "server-only";

import * as z from "zod";
import { constantTimeEqual, macOf } from "@/server/crypto";
import { env } from "@/server/env";
import { recordedHostOrigin } from "@/server/hosts";

/**
 * A subscriber's manage and unsubscribe links (ADR 030): `<subscriberId>.<mac>`, the MAC an
 * HMAC-SHA256 over (purpose, subscriberId) under a key derived from AUTH_SECRET. Nothing is
 * stored: the link is its own authority, so a mail provider's one-click POST (RFC 8058) works
 * with no cookie and no Origin. A removed subscriber's links name a row that no longer exists,
 * and a re-subscription is a new row, so old links die with the row they named.
 */
export type LinkPurpose = "manage" | "unsubscribe";

const MAC_PURPOSE = "subscriber-link";
const message = (purpose: LinkPurpose, subscriberId: string) => `${purpose}:${subscriberId}`;

export function subscriberToken(subscriberId: string, purpose: LinkPurpose): string {
  return `${subscriberId}.${macOf(message(purpose, subscriberId), env().AUTH_SECRET, MAC_PURPOSE)}`;
}

/** The subscriber id a token was made for this purpose, or null for anything else (tampered, another purpose, malformed). */
export function subscriberIdOf(token: unknown, purpose: LinkPurpose): string | null {
  if (typeof token !== "string" || token.length > 200) return null;
  const [id, mac, extra] = token.split(".");
  if (extra !== undefined || !id || !mac || !z.uuid().safeParse(id).success) return null;
  return constantTimeEqual(mac, macOf(message(purpose, id), env().AUTH_SECRET, MAC_PURPOSE)) ? id : null;
}

/**
 * The absolute manage and unsubscribe URLs of a subscriber, on `host` (the tenant host the
 * subscription was made on), or under /t/{slug} when `slug` is given (the app host's path).
 * The fan-out puts them in each mail's body and its List-Unsubscribe header.
 */
export function subscriberLinks(input: { host: string; slug?: string | null; subscriberId: string }) {
  const root = `${recordedHostOrigin(input.host, env().APP_URL)}${input.slug ? `/t/${input.slug}` : ""}`;
  const url = (path: string, purpose: LinkPurpose) => `${root}${path}?${new URLSearchParams({ s: subscriberToken(input.subscriberId, purpose) })}`;
  return { manage: url("/subscribe/manage", "manage"), unsubscribe: url("/unsubscribe", "unsubscribe") };
}
