import "server-only";

import { localeOr } from "@/lib/locales";
import { enqueueEmail } from "@/modules/email/server/outbox";
import type { Tx } from "@/server/db/client";
import { env } from "@/server/env";
import type { OrgContext } from "@/server/gate";
import { recordedHostOrigin } from "@/server/hosts";
import { ACCESS_LINK_TTL_HOURS } from "../schema";

/**
 * The mails a reviewer's decision sends the requester, put in the outbox inside the decision's
 * transaction (DESIGN.md invariant 8). Links point at the host the request was made on: a
 * tenant host serves its pages at its root, the app host under /t/{slug}.
 *
 * The access link's path (`/access/open?token=…`) is the tenant-host route's contract (issue 12,
 * the public side); the page it opens confirms the token by POST (ADR 029).
 */
export function siteUrl(host: string, slug: string, path: string): string {
  const app = new URL(env().APP_URL);
  if (host === app.host || host === app.hostname) return `${app.origin}/t/${slug}${path}`;
  return `${recordedHostOrigin(host, env().APP_URL)}${path === "" ? "/" : path}`;
}

export const accessLinkUrl = (host: string, slug: string, token: string) => siteUrl(host, slug, `/access/open?${new URLSearchParams({ token })}`);

export function approvalMail(ctx: OrgContext) {
  return (tx: Tx, approval: { email: string; host: string; language: string; linkToken: string; expiresAt: Date }) =>
    enqueueEmail(tx, {
      to: approval.email,
      template: "access-decision",
      props: {
        orgName: ctx.org.name,
        kind: "approved",
        detail: "",
        url: accessLinkUrl(approval.host, ctx.org.slug, approval.linkToken),
        expiresOn: approval.expiresAt.toISOString().slice(0, 10),
        linkExpiresInHours: ACCESS_LINK_TTL_HOURS,
        locale: localeOr(approval.language),
      },
    });
}

export function denialMail(ctx: OrgContext) {
  return (tx: Tx, denial: { email: string; host: string; language: string; reason: string }) =>
    enqueueEmail(tx, {
      to: denial.email,
      template: "access-decision",
      props: { orgName: ctx.org.name, kind: "denied", detail: denial.reason, url: siteUrl(denial.host, ctx.org.slug, ""), expiresOn: null, linkExpiresInHours: null, locale: localeOr(denial.language) },
    });
}
