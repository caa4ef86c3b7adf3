import "server-only";

import { enqueueEmail } from "@/modules/email/server/outbox";
import type { Tx } from "@/server/db/client";
import { env } from "@/server/env";
import { ACCESS_LINK_TTL_HOURS, VERIFICATION_TTL_MINUTES } from "../schema";
import type { ReviewNotice } from "./requests";
import { pageUrl, type Site } from "./site";

/**
 * The prospect's mails, put in the outbox inside the domain function's transaction (the
 * `deliver(tx, token)` callbacks of ADR 029), with links to the host the request was made on.
 */
const withToken = (site: Site, path: string, token: string) => `${pageUrl(site, path)}?${new URLSearchParams({ token })}`;

export const mailVerification = (site: Site, orgName: string) => (tx: Tx, token: string, to: { email: string }) =>
  enqueueEmail(tx, { to: to.email, template: "access-verify", props: { orgName, url: withToken(site, "/access/verify", token), expiresInMinutes: VERIFICATION_TTL_MINUTES } });

export const mailAccessLink = (site: Site, orgName: string) => (tx: Tx, token: string, to: { email: string }) =>
  enqueueEmail(tx, { to: to.email, template: "access-link", props: { orgName, url: withToken(site, "/access/open", token), expiresInHours: ACCESS_LINK_TTL_HOURS } });

/**
 * One mail to each owner and admin about a verified request no rule decided. (Each member's
 * choice of every request / a daily digest / none is not built: everyone gets each request.)
 */
export const mailReviewers = (site: Site, orgId: string, orgName: string) => async (tx: Tx, request: ReviewNotice) => {
  const reviewers = await tx.member.findMany({ where: { orgId, role: { in: ["OWNER", "ADMIN"] } }, select: { user: { select: { email: true } } } });
  const url = new URL(`/dashboard/${site.slug}/access`, env().APP_URL).toString();
  for (const { user } of reviewers) {
    await enqueueEmail(tx, {
      to: user.email,
      template: "access-review",
      props: { orgName, requesterEmail: request.email, fullName: request.fullName, company: request.company, reason: request.reason, url },
    });
  }
};
