import "server-only";

import { enqueueEmail } from "@/modules/email/server/outbox";
import { PERMISSIONS } from "@/modules/permissions/permissions";
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

/** Who is mailed about requests that wait for review (owners and admins), as the permission table says. */
export const REVIEW_MAIL_ROLES = [...PERMISSIONS["access.notify"]];

/** Where a reviewer's mail points: the organisation's queue on the app host. */
export const reviewQueueUrl = (slug: string) => new URL(`/dashboard/${slug}/access`, env().APP_URL).toString();

/**
 * One mail to each owner and admin who chose "each request" (the default) about a verified request
 * no rule decided. Those who chose the daily digest get it in the next one (digest.ts); "none", never.
 */
export const mailReviewers = (site: Site, orgId: string, orgName: string) => async (tx: Tx, request: ReviewNotice) => {
  const reviewers = await tx.member.findMany({
    where: { orgId, role: { in: REVIEW_MAIL_ROLES }, accessRequestMail: "EACH" },
    select: { user: { select: { email: true } } },
  });
  const url = reviewQueueUrl(site.slug);
  for (const { user } of reviewers) {
    await enqueueEmail(tx, {
      to: user.email,
      template: "access-review",
      props: { orgName, requesterEmail: request.email, fullName: request.fullName, company: request.company, reason: request.reason, url },
    });
  }
};
