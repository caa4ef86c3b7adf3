import { readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionState } from "@/server/action-state";
import { STATUS, type AppErrorCode } from "@/server/errors";
import { inRequestScope } from "../support/next-request";
import { populatedTenant, sessionFor, type TenantWorld } from "../support/tenant-world";

/**
 * Every server action (every function exported from src/modules/<x>/actions.ts), called as
 * the app calls it — inside a request scope, with a session cookie — by someone who must be
 * refused: an anonymous visitor, the owner of another organisation (B) naming A's slug, and
 * A's viewer. Then B's owner again under B's own slug, naming A's objects (the IDOR cell):
 * B's gate lets them in, so only the domain function's tenancy stands in the way.
 *
 * Expected: 401 for anonymous, 404 for the other tenant (existence is not leaked), 403 for the
 * viewer, and afterwards not one of A's rows changed. The actions are read from the modules, so
 * an action without a row here fails the suite. The e2e cross-tenant suite makes the same calls
 * over HTTP against the build; this one needs no build and names the action that failed.
 */
type World = { a: TenantWorld; b: TenantWorld };
type Actor = "anonymous" | "otherTenant" | "viewer";
type Expected = "unauthenticated (401)" | "not_found (404)" | "forbidden (403)";
type ActionFn = (...args: unknown[]) => Promise<ActionState>;
type Fields = Record<string, string>;

type Row =
  | {
      scope: "tenant";
      /** The arguments bound before (previousState[, formData]), for organisation `slug`. */
      bound: (w: World, slug: string) => unknown[];
      form?: (w: World) => Fields;
      expect: Partial<Record<Actor, Expected>>;
      /** Also call as B's owner under B's slug with A's object ids: must answer 404. */
      idor?: true;
    }
  | { scope: "user"; why: string; bound?: () => unknown[]; form?: () => Fields };

const REFUSED: Record<Actor, Expected> = { anonymous: "unauthenticated (401)", otherTenant: "not_found (404)", viewer: "forbidden (403)" };
const write = (bound: (w: World, slug: string) => unknown[], form?: (w: World) => Fields, idor?: true): Row => ({ scope: "tenant", bound, form, expect: REFUSED, idor });
const slugOnly = (_w: World, slug: string) => [slug];

const ROWS: Record<string, Row> = {
  "audit#verifyChainAction": write(slugOnly),
  "members#inviteAction": write(slugOnly, () => ({ email: "intruder@example.com", role: "ADMIN" })),
  "members#resendInvitationAction": write(slugOnly, (w) => ({ invitationId: w.a.invitationId }), true),
  "members#revokeInvitationAction": write(slugOnly, (w) => ({ invitationId: w.a.invitationId }), true),
  "members#changeRoleAction": write(slugOnly, (w) => ({ memberId: w.a.people.EDITOR.memberId, role: "OWNER" }), true),
  "members#removeMemberAction": write(slugOnly, (w) => ({ memberId: w.a.people.EDITOR.memberId }), true),
  // Leaving is one's own choice, so A's viewer may: only outsiders are refused.
  "members#leaveAction": { scope: "tenant", bound: slugOnly, expect: { anonymous: REFUSED.anonymous, otherTenant: REFUSED.otherTenant } },
  "organizations#updateSettingsAction": write(slugOnly, () => ({ name: "Defaced", overview: "pwned", version: "1" })),
  "content#saveItemAction": write((w, slug) => [slug, "faqs", w.a.faqId], (w) => ({ question: "Defaced?", answer: "pwned", visibility: "PUBLIC", version: String(w.a.versions.faq) }), true),
  "content#deleteItemAction": write((w, slug) => [slug, "faqs", w.a.faqId], (w) => ({ version: String(w.a.versions.faq) }), true),
  "content#moveItemAction": write((w, slug) => [slug, "faqs"], (w) => ({ move: `${w.a.faqId}:down` }), true),
  "controls#saveControlAction": write(
    (w, slug) => [slug, w.a.controlId],
    (w) => ({ ref: "AC-99", area: "Access Control", title: "Defaced", status: "PLANNED", visibility: "PUBLIC", reviewCadenceDays: "365", version: String(w.a.versions.control) }),
    true,
  ),
  "controls#deleteControlAction": write((w, slug) => [slug, w.a.controlId], (w) => ({ version: String(w.a.versions.control) }), true),
  "controls#bulkControlsAction": write(slugOnly, (w) => ({ ids: w.a.controlId, bulkStatus: "PLANNED" }), true),
  "controls#markReviewedAction": write(slugOnly, (w) => ({ ids: w.a.controlId }), true),
  "controls#moveControlAction": write(slugOnly, (w) => ({ move: `${w.a.controlId}:down` }), true),
  "controls#addEvidenceAction": write((w, slug) => [slug, w.a.controlId], () => ({ label: "x", kind: "URL", target: "https://evil.example", visibility: "PUBLIC" }), true),
  "controls#removeEvidenceAction": write((w, slug) => [slug, w.a.controlId, w.a.evidenceId], undefined, true),
  "controls#moveEvidenceAction": write((w, slug) => [slug, w.a.controlId], (w) => ({ move: `${w.a.evidenceId}:down` }), true),
  "controls#renameAreaAction": write((w, slug) => [slug, w.a.areaId], () => ({ name: "Defaced" }), true),
  "controls#moveAreaAction": write(slugOnly, (w) => ({ move: `${w.a.areaId}:down` }), true),
  "controls#deleteAreaAction": write((w, slug) => [slug, w.a.areaId], undefined, true),
  "disclosure#saveDisclosureAction": write(slugOnly, () => ({ policy: "pwned", contacts: "mailto:evil@evil.example", preferredLanguages: "en", version: "1" })),
  "documents#saveDocumentAction": write((w, slug) => [slug, w.a.documentId], (w) => ({ title: "Defaced", visibility: "PUBLIC", version: String(w.a.versions.document) }), true),
  "documents#deleteDocumentAction": write((w, slug) => [slug, w.a.documentId], (w) => ({ version: String(w.a.versions.document) }), true),
  "apikeys#createApiKeyAction": write(slugOnly, () => ({ name: "Intruder", scopes: "posture:write" })),
  "apikeys#revokeApiKeyAction": write(slugOnly, (w) => ({ id: w.a.apiKeyId }), true),
  "domains#addDomainAction": write(slugOnly, () => ({ hostname: "trust.hijack.example", mode: "CNAME" })),
  "domains#verifyDomainAction": write(slugOnly, (w) => ({ id: w.a.customDomainId }), true),
  "domains#removeDomainAction": write(slugOnly, (w) => ({ id: w.a.customDomainId }), true),
  "domains#setDomainModeAction": write(slugOnly, (w) => ({ id: w.a.customDomainId, mode: "PROXY" }), true),
  "publishing#publishAction": write(slugOnly),
  "publishing#unpublishAction": write(slugOnly),
  "publishing#requestPublicationAction": write(slugOnly, () => ({ note: "Intruder's request" })),
  "publishing#approveRequestAction": write((w, slug) => [slug, w.a.publicationRequestId], undefined, true),
  "publishing#rejectRequestAction": write((w, slug) => [slug, w.a.publicationRequestId], () => ({ reason: "Intruder says no" }), true),
  "publishing#withdrawRequestAction": write((w, slug) => [slug, w.a.publicationRequestId], undefined, true),
  "reviews#createReviewAction": write(slugOnly, () => ({ title: "Fake review", reviewedAt: "2026-01-01", template: "custom", visibility: "PUBLIC" })),
  "reviews#updateReviewAction": write((w, slug) => [slug, w.a.reviewId], (w) => ({ title: "Defaced", reviewedAt: "2026-01-01", visibility: "PUBLIC", version: String(w.a.versions.review) }), true),
  "reviews#deleteReviewAction": write((w, slug) => [slug, w.a.reviewId], (w) => ({ version: String(w.a.versions.review) }), true),
  "reviews#updateReviewItemAction": write((w, slug) => [slug, w.a.reviewItemId], () => ({ result: "PASS", evidence: "pwned", resolution: "NONE" }), true),
  "reviews#addReviewItemAction": write((w, slug) => [slug, w.a.reviewId], () => ({ area: "X", question: "Pwned?" }), true),
  "reviews#removeReviewItemAction": write((w, slug) => [slug, w.a.reviewItemId], undefined, true),
  "reviews#moveReviewItemAction": write(slugOnly, (w) => ({ move: `${w.a.reviewItemId}:down` }), true),
  // Prospect access (ADR 029): A's request (decided by a rule) and grant, named by B's owner under B's own slug too.
  "access#approveAccessRequestAction": write((w, slug) => [slug, w.a.access.requestId], () => ({ scope: "all", days: "365" }), true),
  "access#denyAccessRequestAction": write((w, slug) => [slug, w.a.access.requestId], () => ({ reason: "Intruder says no", notify: "on" }), true),
  "access#extendGrantAction": write((w, slug) => [slug, w.a.access.grantId], () => ({ days: "365", version: "1" }), true),
  "access#revokeGrantAction": write((w, slug) => [slug, w.a.access.grantId], () => ({ confirm: "on", version: "1" }), true),
  // The versions an honest manager's form would carry after populatedTenant saved settings and rules once.
  "access#saveAccessSettingsAction": write(slugOnly, () => ({ ndaMode: "NONE", ipRecording: "FULL", defaultGrantDays: "365", mailCapPerHour: "10000", version: "2" })),
  "access#saveAccessRulesAction": write(slugOnly, () => ({ rules: JSON.stringify([{ match: "ANY", decision: "APPROVE" }]), version: "2" })),
  "access#publishNdaAction": write(slugOnly, () => ({ markdown: "# <b>Pwned</b> NDA", requireReacceptance: "on" })),
  // One's own mail about requests (access.notify: owners and admins). The form names no member,
  // so there is no other member's row to reach (no IDOR cell); a viewer is refused by the gate.
  "access#saveAccessMailPreferenceAction": write(slugOnly, () => ({ accessRequestMail: "NONE" })),
  // Subscribers (ADR 030): A's subscriber, named by B's owner under B's own slug too.
  "subscribers#removeSubscriberAction": write((w, slug) => [slug, w.a.subscribers.subscriberId], undefined, true),
  "subscribers#saveDeliveryModesAction": write(slugOnly, () => ({ securityMode: "WEEKLY", subprocessorsMode: "WEEKLY", certificationsMode: "WEEKLY", generalMode: "WEEKLY", version: "2" })),
  // Objections (ADR 031): A's open objection, settled by B's owner under B's own slug too; an editor is refused in notices-dashboard.test.ts.
  "notices#decideObjectionAction": write((w, slug) => [slug, w.a.objection.objectionId], () => ({ status: "RESOLVED", note: "<script>alert(1)</script>", version: "1" }), true),
  // One's own alerts (alerts.own, every role; ADR 033): the form names no member; A's viewer passes the
  // gate but receives no kind, so setting one is refused (403) and nothing is stored.
  "alerts#saveAlertPreferencesAction": write(slugOnly, () => ({ DOMAIN_FAILURE: "OFF" })),
  // Outbound webhooks (ADR 032): A's endpoint and event, named by B's owner under B's own slug too.
  "webhooks#createWebhookAction": write(slugOnly, () => ({ url: "https://93.184.215.14/steal", events: "publication.created", format: "STANDARD" })),
  "webhooks#updateWebhookAction": write((w, slug) => [slug, w.a.webhook.endpointId], (w) => ({ url: "https://93.184.215.14/steal", events: "publication.created", format: "STANDARD", version: String(w.a.webhook.version) }), true),
  "webhooks#setWebhookEnabledAction": write((w, slug) => [slug, w.a.webhook.endpointId], (w) => ({ enabled: "false", version: String(w.a.webhook.version) }), true),
  "webhooks#rotateWebhookSecretAction": write((w, slug) => [slug, w.a.webhook.endpointId], (w) => ({ version: String(w.a.webhook.version) }), true),
  "webhooks#deleteWebhookAction": write((w, slug) => [slug, w.a.webhook.endpointId], (w) => ({ version: String(w.a.webhook.version) }), true),
  "webhooks#sendTestWebhookAction": write((w, slug) => [slug, w.a.webhook.endpointId], () => ({}), true),
  "webhooks#redeliverWebhookAction": write((w, slug) => [slug, w.a.webhook.endpointId], (w) => ({ eventId: w.a.webhook.eventId }), true),
  "organizations#createOrganizationAction": { scope: "user", why: "creates one's own organisation", form: () => ({ name: "Anonymous Inc", slug: "anonymous-inc" }) },
  "auth#revokeOtherSessionsAction": { scope: "user", why: "one's own sessions" },
  "mfa#beginEnrollmentAction": { scope: "user", why: "one's own second factor" },
  "mfa#confirmEnrollmentAction": { scope: "user", why: "one's own second factor", form: () => ({ code: "123456" }) },
  "mfa#disableMfaAction": { scope: "user", why: "one's own second factor", form: () => ({ code: "123456" }) },
  "mfa#regenerateCodesAction": { scope: "user", why: "one's own second factor", form: () => ({ code: "123456" }) },
  "mfa#secondFactorAction": { scope: "user", why: "one's own sign-in", bound: () => ["/dashboard"], form: () => ({ code: "123456" }) },
  "mfa#sendReverifyCodeAction": { scope: "user", why: "one's own verification" },
  "mfa#confirmReverifyAction": { scope: "user", why: "one's own verification", bound: () => ["/dashboard"], form: () => ({ code: "123456" }) },
};

/** Every exported function of every src/modules/<x>/actions.ts, keyed "<x>#<name>". */
async function discoverActions() {
  const modulesDir = path.resolve("src/modules");
  const found: Record<string, ActionFn> = {};
  for (const dir of readdirSync(modulesDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    if (!readdirSync(path.join(modulesDir, dir.name)).includes("actions.ts")) continue;
    const exports = (await import(path.join(modulesDir, dir.name, "actions.ts"))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) if (typeof value === "function") found[`${dir.name}#${name}`] = value as ActionFn;
  }
  return found;
}

let owner: pg.Client;
let world: World;
let actions: Record<string, ActionFn>;
const cookies = {} as Record<Actor, string | undefined>;
let before: string[];

/** A's rows in every tenant-owned table, plus what could leave the building (mail) or appear (organisations). */
async function fingerprint() {
  const { rows: tables } = await owner.query<{ table: string }>(`SELECT table_name AS table FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'orgId' ORDER BY 1`);
  const out: string[] = [];
  for (const { table } of tables) {
    const { rows } = await owner.query(`SELECT count(*)::int AS n, md5(string_agg(r::text, '|' ORDER BY r::text)) AS d FROM "${table}" r WHERE "orgId" = $1`, [world.a.org.id]);
    out.push(`${table}: ${rows[0].n} ${rows[0].d}`);
  }
  const { rows: org } = await owner.query(`SELECT md5(r::text) AS d FROM "Organization" r WHERE id = $1`, [world.a.org.id]);
  const { rows: counts } = await owner.query(`SELECT (SELECT count(*) FROM "Organization")::int AS orgs, (SELECT count(*) FROM "OutboxMessage")::int AS mail, (SELECT count(*) FROM "UserMfa")::int AS mfa`);
  return [...out, `Organization: ${org[0].d}`, `totals: ${JSON.stringify(counts[0])}`];
}

async function call(key: string, args: unknown[], fields: Fields | undefined, cookie: string | undefined) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields ?? {})) form.set(name, value);
  const outcome = await inRequestScope({ cookie }, () => actions[key]!(...args, { status: "idle" }, ...(fields ? [form] : [])));
  if ("redirect" in outcome) return `redirected to ${outcome.redirect}`;
  const state = outcome.returned;
  if (state.status !== "error") return `${state.status}: ${state.message ?? ""}`;
  return state.code ? `${state.code} (${STATUS[state.code as AppErrorCode]})` : `error without a code: ${state.message}`;
}

beforeAll(async () => {
  owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await owner.connect();
  world = { a: await populatedTenant("Acme"), b: await populatedTenant("Globex") };
  cookies.anonymous = undefined;
  cookies.otherTenant = `candor.session=${await sessionFor(world.b.people.OWNER)}`;
  cookies.viewer = `candor.session=${await sessionFor(world.a.people.VIEWER)}`;
  actions = await discoverActions();
  before = await fingerprint();
}, 120_000);
afterAll(() => owner.end());

describe("server actions refuse outsiders and lower roles", () => {
  it("every server action has a row, and every row an action", () => {
    expect(Object.keys(actions).filter((key) => !ROWS[key]), "actions without a row in ROWS").toEqual([]);
    expect(Object.keys(ROWS).filter((key) => !actions[key]), "rows without an action").toEqual([]);
  });

  it("anonymous, another tenant's owner and A's viewer are refused by every organisation action", async () => {
    const seen: string[] = [];
    const expected: string[] = [];
    for (const [key, row] of Object.entries(ROWS)) {
      if (row.scope !== "tenant") continue;
      for (const [actor, outcome] of Object.entries(row.expect) as [Actor, Expected][]) {
        seen.push(`${key} as ${actor}: ${await call(key, row.bound(world, world.a.org.slug), row.form?.(world), cookies[actor])}`);
        expected.push(`${key} as ${actor}: ${outcome}`);
      }
    }
    expect(seen).toEqual(expected);
  }, 180_000);

  it("another tenant's owner, under their own slug, cannot reach A's objects by id (404)", async () => {
    const seen: string[] = [];
    const expected: string[] = [];
    for (const [key, row] of Object.entries(ROWS)) {
      if (row.scope !== "tenant" || !row.idor) continue;
      seen.push(`${key}: ${await call(key, row.bound(world, world.b.org.slug), row.form?.(world), cookies.otherTenant)}`);
      expected.push(`${key}: not_found (404)`);
    }
    expect(expected.length).toBeGreaterThanOrEqual(25);
    expect(seen).toEqual(expected);
  }, 180_000);

  it("every action on one's own account or sign-in refuses an anonymous caller (401)", async () => {
    const seen: string[] = [];
    const expected: string[] = [];
    for (const [key, row] of Object.entries(ROWS)) {
      if (row.scope !== "user") continue;
      seen.push(`${key}: ${await call(key, row.bound?.() ?? [], row.form?.(), undefined)}`);
      expected.push(`${key}: unauthenticated (401)`);
    }
    expect(seen).toEqual(expected);
  }, 60_000);

  it("after all of them, nothing of A's changed, no mail was queued, no organisation or second factor appeared", async () => {
    expect(await fingerprint()).toEqual(before);
  });
});
