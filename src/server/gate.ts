import "server-only";

import { headers } from "next/headers";
import { can, type Action, type Role } from "@/modules/permissions/permissions";
import { currentSession, type CurrentSession, type CurrentUser } from "@/modules/auth/server/sessions";
import { AppError } from "./errors";
import { log } from "./log";
import { clientIp, userAgent } from "./request";
import { memberships } from "./memberships";

/** A sensitive act needs the person to have proved themselves this recently (ASVS 7.5.1). */
export const RECENT_VERIFICATION_SECONDS = 15 * 60;

export type RequestInfo = { ip: string | null; userAgent: string | null };

export type OrgContext = {
  user: CurrentUser;
  org: { id: string; slug: string; name: string };
  role: Role;
  request: RequestInfo;
  /** Whether the acting person has a second factor (some settings depend on it). */
  mfaEnabled: boolean;
  /** Set when an API key acts (gate-api.ts): `user` is its creator, the key is the audited actor (ADR 035). */
  apiKey?: { id: string; name: string };
};

export type Actor = Pick<CurrentSession, "user" | "mfaEnabled" | "verifiedAt" | "mfaVerifiedAt" | "complete">;

/**
 * The one authorization gate: session → organisation (from the URL, never from a form field)
 * → membership → role → permission, then the organisation's second-factor rule and, for
 * sensitive acts, a recent verification. Not a member, or no such organisation: 404, so
 * existence is not leaked. A member without the permission: 403.
 */
export async function gate(input: { slug: string; action: Action; recent?: boolean }): Promise<OrgContext> {
  const requestHeaders = await headers();
  return authorize({
    actor: await currentSession(),
    ...input,
    request: { ip: clientIp(requestHeaders), userAgent: userAgent(requestHeaders) },
  });
}

/** The gate's decision for a known actor (the request's session, or a test's). */
export async function authorize(input: {
  actor: Actor | null;
  slug: string;
  action: Action;
  recent?: boolean;
  request?: RequestInfo;
}): Promise<OrgContext> {
  const { actor } = input;
  if (!actor) throw new AppError("unauthenticated", "Sign in to continue.");
  if (!actor.complete) throw new AppError("second_factor_required", "Enter the code from your authenticator app to continue.");

  const member = (await memberships(actor.user.id)).find((candidate) => candidate.org.slug === input.slug);
  if (!member) {
    log.warn({ actorId: actor.user.id, slug: input.slug, action: input.action, outcome: "not_found" }, "authorization refused");
    throw new AppError("not_found", "No such organisation.");
  }
  if (!can(member.role, input.action)) {
    log.warn({ actorId: actor.user.id, orgId: member.org.id, role: member.role, action: input.action, outcome: "forbidden" }, "authorization refused");
    throw new AppError("forbidden", "Your role in this organisation does not allow that. Ask an owner or admin.");
  }
  if (member.org.requireMfa && !actor.mfaEnabled) {
    throw new AppError("mfa_enrollment_required", `${member.org.name} requires a second factor. Set up an authenticator app to continue.`);
  }
  if (input.recent && !recentlyVerified(actor)) {
    throw new AppError("reauth_required", "For this change, confirm it is you first (a fresh code).");
  }
  const { requireMfa: _requireMfa, ...org } = member.org;
  return { user: actor.user, org, role: member.role, request: input.request ?? { ip: null, userAgent: null }, mfaEnabled: actor.mfaEnabled };
}

export function recentlyVerified(actor: Pick<Actor, "mfaEnabled" | "verifiedAt" | "mfaVerifiedAt">, now = Date.now()) {
  const fresh = (date: Date | null) => date !== null && now - date.getTime() <= RECENT_VERIFICATION_SECONDS * 1000;
  return actor.mfaEnabled ? fresh(actor.mfaVerifiedAt) : fresh(actor.verifiedAt);
}
