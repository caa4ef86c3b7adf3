import "server-only";

import type { Locale } from "@/lib/locales";
import { liveView } from "@/modules/publishing/server/publish";
import { now } from "@/server/clock";
import { randomToken, sha256Hex } from "@/server/crypto";
import type { Tx } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { evaluateRules, type RuleOutcome } from "../rules";
import { submitRequestSchema, tokenSchema, VERIFICATION_TTL_MINUTES, type Scope } from "../schema";
import { auditPublic, inPublicTenant, readSettings, takeMailSlot, type AccessSettingsView, type PublicAccessContext } from "./context";
import { classifyEmailDomain, emailDomain } from "./email-domains";
import { createGrant, issueLink, ndaItemsOf, scopeColumns, scopeOf } from "./grants";
import { visitorEvidence } from "./ip";
import { currentNdaVersion, listRulesIn } from "./settings";
import { emitEvent } from "@/modules/webhooks/server/emit";

/**
 * The public request flow (ADR 029): a prospect asks on a tenant host, proves their address
 * with a single-use token (≥ 256 bits, stored as SHA-256, 30 minutes), and the organisation's
 * rules decide: approve (a grant and a single-use access link), deny, or manual review.
 * Unverified requests never reach the queue and expire (expire.ts).
 *
 * `deliver`, when given, runs inside the transaction with the raw token, so the route can put the
 * mail in the outbox together with the row it is about (DESIGN.md invariant 8).
 */
/** `language`: the requester's, when the request is known (ADR 038). */
type Deliver = (tx: Tx, token: string, to: { email: string; language?: string }) => Promise<unknown>;

/** The NDA items of the live publication, by the keys a request names them with. */
export async function ndaItemKeys(tx: Tx, orgId: string): Promise<Set<string> | null> {
  const { view } = await liveView(tx, orgId);
  if (!view) return null;
  return new Set(ndaItemsOf(view).map((item) => item.key));
}

async function checkNda(tx: Tx, orgId: string, settings: AccessSettingsView, nda: { versionId: string } | undefined) {
  if (settings.ndaMode !== "CLICK_THROUGH") return null;
  const current = await currentNdaVersion(tx, orgId);
  if (!current) return null;
  if (!nda) throw new AppError("validation", "Read the NDA and tick “I agree” to continue.", { fieldErrors: { nda: ["Tick “I agree” to accept the NDA."] } });
  if (nda.versionId !== current.id) throw new AppError("conflict", "The NDA changed while you were reading it. Read the new version and accept it again.");
  return current;
}

export async function submitAccessRequest({ ctx, input, deliver, language = "en" }: { ctx: PublicAccessContext; input: unknown; deliver?: Deliver; language?: Locale }) {
  const data = submitRequestSchema.parse(input);
  const at = now();
  return inPublicTenant(ctx, async (tx) => {
    const settings = await readSettings(tx, ctx.org.id);
    const items = await ndaItemKeys(tx, ctx.org.id);
    if (!items) throw new AppError("not_found", "This trust center is not published.");
    if ("items" in data.scope && data.scope.items.some((key) => !items.has(key))) {
      throw new AppError("validation", "Some of the chosen items are not available.", { fieldErrors: { scope: ["Choose items listed on this trust center."] } });
    }
    const nda = await checkNda(tx, ctx.org.id, settings, data.nda);
    await takeMailSlot(tx, ctx.org.id, settings.mailCapPerHour, at);
    const token = randomToken();
    const request = await tx.accessRequest.create({
      data: {
        orgId: ctx.org.id,
        email: data.email,
        fullName: data.fullName,
        company: data.company,
        reason: data.reason,
        language,
        ...scopeColumns(data.scope),
        tokenHash: sha256Hex(token),
        tokenExpiresAt: new Date(at + VERIFICATION_TTL_MINUTES * 60_000),
        host: ctx.host,
        ...visitorEvidence(ctx.request, settings.ipRecording),
        createdAt: new Date(at),
        ndaVersionId: nda?.id ?? null,
      },
      select: { id: true, tokenExpiresAt: true },
    });
    if (nda) {
      await tx.ndaAcceptance.create({
        data: { orgId: ctx.org.id, requestId: request.id, ndaVersionId: nda.id, textSha256: nda.sha256, email: data.email, acceptedAt: new Date(at), ...visitorEvidence(ctx.request, settings.ipRecording) },
      });
    }
    await auditPublic(tx, ctx, settings, {
      action: "access.request.submit",
      targetType: "access_request",
      targetId: request.id,
      after: { email: data.email, company: data.company, scope: data.scope, ndaVersion: nda?.number ?? null, host: ctx.host },
    });
    await deliver?.(tx, token, { email: data.email });
    return { requestId: request.id, token, expiresAt: request.tokenExpiresAt };
  });
}

export type VerifyResult =
  | { status: "APPROVED"; requestId: string; grantId: string; linkToken: string; linkExpiresAt: Date }
  | { status: "DENIED" | "PENDING"; requestId: string };

const USED_OR_EXPIRED = "This link was already used or has expired. Submit your request again.";

/** Under an NDA signed outside Candor nothing is approved before a person attaches the signed copy. */
function effectiveOutcome(outcome: RuleOutcome, settings: AccessSettingsView): RuleOutcome {
  if (outcome.decision !== "APPROVE" || settings.ndaMode !== "EXTERNAL") return outcome;
  return { ...outcome, decision: "REVIEW", snapshot: `${outcome.snapshot} (held for review: the NDA is signed outside Candor)` };
}

/** What a reviewer's notice needs of a request that waits for review. */
export type ReviewNotice = { id: string; email: string; fullName: string; company: string; reason: string };

/**
 * Confirms the address (single use, before its expiry), then lets the rules decide. `deliver`
 * mails the access link of an approval; `notifyReview` tells reviewers about a request left for
 * them; both inside the transaction.
 */
export async function verifyAccessRequest({
  ctx,
  token,
  deliver,
  notifyReview,
}: {
  ctx: PublicAccessContext;
  token: unknown;
  deliver?: Deliver;
  notifyReview?: (tx: Tx, request: ReviewNotice) => Promise<unknown>;
}): Promise<VerifyResult> {
  const parsed = tokenSchema.safeParse(token);
  if (!parsed.success) throw new AppError("gone", USED_OR_EXPIRED);
  const at = now();
  return inPublicTenant(ctx, async (tx) => {
    const settings = await readSettings(tx, ctx.org.id);
    const tokenHash = sha256Hex(parsed.data);
    const request = await tx.accessRequest.findFirst({
      where: { orgId: ctx.org.id, tokenHash, status: "UNVERIFIED", tokenExpiresAt: { gt: new Date(at) } },
      select: { id: true, email: true, fullName: true, company: true, reason: true, scopeAll: true, scopeItems: true, host: true, ndaVersionId: true, language: true },
    });
    if (!request) throw new AppError("gone", USED_OR_EXPIRED);
    const outcome = effectiveOutcome(evaluateRules(await listRulesIn(tx, ctx.org.id), { domain: emailDomain(request.email), ...classifyEmailDomain(request.email) }), settings);
    const status = outcome.decision === "APPROVE" ? "APPROVED" : outcome.decision === "DENY" ? "DENIED" : "PENDING";
    // Single use even under a race: only the transaction that still finds the hash wins.
    const claimed = await tx.accessRequest.updateMany({
      where: { id: request.id, orgId: ctx.org.id, tokenHash, status: "UNVERIFIED" },
      data: { tokenHash: null, verifiedAt: new Date(at), status, decidedByRuleId: outcome.rule?.id ?? null, decidedByRule: outcome.snapshot, decidedAt: status === "PENDING" ? null : new Date(at) },
    });
    if (claimed.count === 0) throw new AppError("gone", USED_OR_EXPIRED);
    await auditPublic(tx, ctx, settings, {
      action: "access.request.verify",
      targetType: "access_request",
      targetId: request.id,
      before: { status: "UNVERIFIED" },
      after: { status, rule: outcome.snapshot },
    });
    await emitEvent(tx, { orgId: ctx.org.id, type: "access_request.created", data: { requestId: request.id, status, email: request.email, company: request.company } });
    if (status === "PENDING") await notifyReview?.(tx, request);
    if (status !== "APPROVED") return { status, requestId: request.id };
    return { status, requestId: request.id, ...(await grantByRule(tx, ctx, settings, { request, scope: scopeOf(request), at, deliver })) };
  });
}

async function grantByRule(tx: Tx, ctx: PublicAccessContext, settings: AccessSettingsView, input: { request: { id: string; email: string; host: string; ndaVersionId: string | null; language?: string }; scope: Scope; at: number; deliver?: Deliver | undefined }) {
  const grant = await createGrant(tx, { orgId: ctx.org.id, request: input.request, scope: input.scope, days: settings.defaultGrantDays, at: input.at });
  const link = await issueLink(tx, { orgId: ctx.org.id, grantId: grant.id, host: input.request.host, at: input.at });
  await auditPublic(tx, ctx, settings, { action: "access.grant.create", targetType: "access_grant", targetId: grant.id, after: { email: input.request.email, scope: input.scope, expiresAt: grant.expiresAt.toISOString(), by: "rule" } });
  await input.deliver?.(tx, link.token, { email: input.request.email, ...(input.request.language ? { language: input.request.language } : {}) });
  return { grantId: grant.id, linkToken: link.token, linkExpiresAt: link.expiresAt };
}
