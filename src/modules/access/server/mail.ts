import "server-only";

import { localeOr, type Locale } from "@/lib/locales";
import { enqueueEmail } from "@/modules/email/server/outbox";
import { alertMembers, appUrl } from "@/modules/alerts/server/alerts";
import type { Tx } from "@/server/db/client";
import { now } from "@/server/clock";
import { ACCESS_LINK_TTL_HOURS, VERIFICATION_TTL_MINUTES } from "../schema";
import type { ReviewNotice } from "./requests";
import { pageUrl, type Site } from "./site";

/**
 * The prospect's mails, put in the outbox inside the domain function's transaction (the
 * `deliver(tx, token)` callbacks of ADR 029), with links to the host the request was made on.
 */
const withToken = (site: Site, path: string, token: string) => `${pageUrl(site, path)}?${new URLSearchParams({ token })}`;

/** In the requester's language (ADR 038): the one their request was made in. */
export const mailVerification = (site: Site, orgName: string, locale: Locale = "en") => (tx: Tx, token: string, to: { email: string }) =>
  enqueueEmail(tx, { to: to.email, template: "access-verify", props: { orgName, url: withToken(site, "/access/verify", token), expiresInMinutes: VERIFICATION_TTL_MINUTES, locale } });

/** The access link: in the request's stored language when known, else the asking request's. */
export const mailAccessLink = (site: Site, orgName: string, locale: Locale = "en") => (tx: Tx, token: string, to: { email: string; language?: string }) =>
  enqueueEmail(tx, { to: to.email, template: "access-link", props: { orgName, url: withToken(site, "/access/open", token), expiresInHours: ACCESS_LINK_TTL_HOURS, locale: localeOr(to.language, locale) } });

/** Where a reviewer's alert points: the organisation's queue (a dashboard path; the mail makes it absolute). */
export const reviewQueuePath = (slug: string) => `/dashboard/${slug}/access`;

const stamp = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * A verified request no rule decided is an ACCESS_REQUEST alert (ADR 033): owners and admins on
 * "email" get the access-review mail now, those on the digest a line in their next one (withdrawn
 * if the request is decided before), those on "off" nothing. The words of the digest line are
 * the ones the alerts migration wrote for the requests pending at the switch.
 */
export const mailReviewers = (site: Site, orgId: string, orgName: string) => async (tx: Tx, request: ReviewNotice) =>
  alertMembers(
    tx,
    {
      orgId,
      kind: "ACCESS_REQUEST",
      subject: `Access request from ${request.fullName} (${request.email}) of ${request.company}`,
      lines: [`Confirmed their address ${stamp(new Date(now()))}; no rule decided it.`],
      link: reviewQueuePath(site.slug),
      ref: request.id,
    },
    {
      template: "access-review",
      props: { orgName, requesterEmail: request.email, fullName: request.fullName, company: request.company, reason: request.reason, url: appUrl(reviewQueuePath(site.slug)) },
    },
  );
