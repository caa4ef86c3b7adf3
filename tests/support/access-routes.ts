import { db } from "@/server/db/client";
import { env } from "@/server/env";
import { open } from "@/server/crypto";
import { OUTBOX_SEAL_PURPOSE } from "@/modules/email/templates";
import { fromClient } from "./requests";

/**
 * Requests to the prospect's route handlers as they arrive after Next's proxy: on a tenant host
 * the proxy sets x-candor-site to the host (and drops any client value), the browser's Origin is
 * the tenant host's origin (APP_URL's scheme and port), the front stamps the client's address.
 */
export type Visit = { host: string; slug: string; ip?: string; cookie?: string; origin?: string | null };

function headersFor(visit: Visit, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { ...fromClient(visit.ip ?? "198.51.100.23"), "user-agent": "Mozilla/5.0 (prospect)", "x-candor-site": visit.host, ...extra };
  if (visit.cookie) headers.cookie = visit.cookie;
  return headers;
}

export const hostUrl = (visit: Visit, path: string) => new URL(`/t/${visit.slug}${path}`, `http://${visit.host}:3000`);

export function getOn(visit: Visit, path: string) {
  return new Request(hostUrl(visit, path), { headers: headersFor(visit) });
}

/** A form post (repeated keys as the browser sends checkboxes). */
export function postOn(visit: Visit, path: string, fields: [string, string][] | Record<string, string>, extra: Record<string, string> = {}) {
  const origin = visit.origin === undefined ? `http://${visit.host}:3000` : visit.origin;
  return new Request(hostUrl(visit, path), {
    method: "POST",
    headers: headersFor(visit, { "content-type": "application/x-www-form-urlencoded", ...(origin ? { origin } : {}), ...extra }),
    body: new URLSearchParams(fields).toString(),
  });
}

/** Every queued email to `to`, oldest first, as the worker would read them. */
export async function mailsTo(to: string) {
  const rows = await db.outboxMessage.findMany({ where: { recipient: to }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => {
    const { template, props } = JSON.parse(open(row.payload!, env().AUTH_SECRET, OUTBOX_SEAL_PURPOSE)) as { template: string; props: Record<string, unknown> & { url: string } };
    return { template, props, url: new URL(props.url) };
  });
}
