import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { publicAccessContext } from "@/modules/access/server/context";
import { recordDownload } from "@/modules/access/server/downloads";
import { submitAccessRequest, verifyAccessRequest } from "@/modules/access/server/requests";
import { redeemAccessLink } from "@/modules/access/server/sessions";
import { publishNdaVersion, saveRules, saveSettings } from "@/modules/access/server/settings";
import { alertMembers } from "@/modules/alerts/server/alerts";
import { runDailyChecks } from "@/modules/alerts/server/checks";
import { setAlertPreferences } from "@/modules/alerts/server/preferences";
import { createDocument } from "@/modules/documents/server/documents";
import { addDomain } from "@/modules/domains/server/domains";
import { inviteMember } from "@/modules/members/server/invitations";
import { updateOrganizationSettings } from "@/modules/organizations/server/organizations";
import { publish } from "@/modules/publishing/server/publish";
import { requestPublication } from "@/modules/publishing/server/requests";
import { applyImport } from "@/modules/transfer/server/import";
import { createItem } from "@/modules/content/server/crud";
import { submitObjection, verifyObjection } from "@/modules/notices/server/objections";
import { createApiKey } from "@/modules/apikeys/server/keys";
import { idempotent } from "@/server/api/idempotency";
import type { Role } from "@/modules/permissions/permissions";
import type { CurrentUser } from "@/modules/auth/server/sessions";
import { sha256Hex } from "@/server/crypto";
import { db } from "@/server/db/client";
import { saveDeliveryModes } from "@/modules/subscribers/server/dashboard";
import { confirmSubscription, subscribe } from "@/modules/subscribers/server/subscriptions";
import { withTenant } from "@/server/db/tenant";
import { deliverWebhook } from "@/modules/webhooks/server/deliver";
import { setDestinationTestHooks } from "@/modules/webhooks/server/destination";
import { deliveryKey } from "@/modules/webhooks/server/emit";
import { createEndpoint, sendTestEvent } from "@/modules/webhooks/server/endpoints";
import { addMember, contextFor, createOrg, TEST_REQUEST } from "./factories";

/**
 * An organisation with something in every tenant-owned table, made only through the domain
 * functions the dashboard uses: the demo dataset imported (controls, domains, evidence,
 * frameworks, subprocessors, disclosure, FAQs, updates, sections, a review with items), a member
 * of every role, an invitation, an uploaded document, a custom domain, a logo, and a publication
 * (which creates the signing key and the published logo asset); then prospect access: settings, a
 * click-through NDA, rules, a request approved by a rule (with its NDA acceptance, grant and access
 * link), a grantee session and a logged download; a webhook endpoint with an event and a logged
 * delivery attempt.
 */
export type Person = CurrentUser & { memberId: string };
export type TenantWorld = Awaited<ReturnType<typeof populatedTenant>>;

const DEMO_DATASET = readFileSync(path.resolve("prisma/demo-dataset.json"), "utf8");
const PDF = new TextEncoder().encode("%PDF-1.7\n% candor test\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");
// A 1×1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

export async function populatedTenant(name: string) {
  const made = await createOrg(undefined, name);
  const { ctx, org } = made;
  const users: Record<Role, CurrentUser> = {
    OWNER: made.owner,
    ADMIN: await addMember(org.id, "ADMIN"),
    EDITOR: await addMember(org.id, "EDITOR"),
    VIEWER: await addMember(org.id, "VIEWER"),
  };
  await applyImport({ ctx, input: { format: "json", text: DEMO_DATASET }, strict: true });
  await inviteMember({ ctx, input: { email: `invitee-${randomBytes(3).toString("hex")}@example.com`, role: "EDITOR" } });
  const document = await createDocument({ ctx, input: { title: `Pen test of ${name}`, visibility: "NDA" }, file: { name: "report.pdf", bytes: PDF } });
  const customDomain = await addDomain({ ctx, input: { hostname: `trust.${org.slug}.example`, mode: "CNAME" } });
  const { version } = await withTenant({ orgId: org.id }, (tx) => tx.organization.findUniqueOrThrow({ where: { id: org.id }, select: { version: true } }));
  await updateOrganizationSettings({ ctx, input: { name, overview: `${name} keeps its promises.`, version }, logo: { kind: "replace", bytes: PNG } });
  // An announced subprocessor change, carried by the publication below, that a customer objects to (ADR 031).
  await createItem({ ctx, kind: "subprocessors", input: { vendor: "Notice Co", purpose: "Log storage", location: "Dublin, IE", effectiveDate: "2030-01-01" } });
  await publish({ ctx });
  const objection = await populateObjection(org);
  // A draft that differs from what is live, waiting for approval: an editor's publication request.
  const { version: next } = await withTenant({ orgId: org.id }, (tx) => tx.organization.findUniqueOrThrow({ where: { id: org.id }, select: { version: true } }));
  await updateOrganizationSettings({ ctx, input: { name, overview: `${name} keeps its promises, and says so.`, version: next }, logo: { kind: "keep" } });
  const request = await requestPublication({ ctx: contextFor(users.EDITOR, org, "EDITOR"), input: { note: "Ready for review." } });
  const access = await populateAccess(ctx, org, document.id);
  const subscribers = await populateSubscribers(ctx, org);
  await populateAlerts(org, users.ADMIN);
  const webhook = await populateWebhooks(ctx, org.id);
  const apiKey = await populateApi(ctx);

  const ids = await withTenant({ orgId: org.id }, async (tx) => {
    const first = async <T>(query: Promise<T | null>, what: string) => {
      const row = await query;
      if (!row) throw new Error(`populatedTenant: no ${what} was created`);
      return row;
    };
    const control = await first(tx.control.findFirst({ where: { orgId: org.id }, orderBy: { position: "asc" }, select: { id: true, areaId: true, version: true } }), "control");
    const faq = await first(tx.faq.findFirst({ where: { orgId: org.id } }), "FAQ");
    const review = await first(tx.securityReview.findFirst({ where: { orgId: org.id } }), "review");
    const members = await tx.member.findMany({ where: { orgId: org.id }, select: { id: true, userId: true } });
    return {
      controlId: control.id,
      areaId: control.areaId,
      faqId: faq.id,
      reviewId: review.id,
      /** The versions an honest editor's form would carry, so a refusal can only be about who asks. */
      versions: { control: control.version, faq: faq.version, review: review.version, document: 0 },
      evidenceId: (await first(tx.evidence.findFirst({ where: { orgId: org.id, controlId: control.id } }), "evidence")).id,
      reviewItemId: (await first(tx.reviewItem.findFirst({ where: { orgId: org.id } }), "review item")).id,
      invitationId: (await first(tx.invitation.findFirst({ where: { orgId: org.id } }), "invitation")).id,
      memberIdOf: Object.fromEntries(members.map((m) => [m.userId, m.id])) as Record<string, string>,
    };
  });
  const people = Object.fromEntries(Object.entries(users).map(([role, user]) => [role, { ...user, memberId: ids.memberIdOf[user.id]! }])) as Record<Role, Person>;
  return { ...made, people, access, subscribers, objection, webhook, apiKeyId: apiKey.id, publicationRequestId: request.id, documentId: document.id, customDomainId: customDomain.domain.id, ...ids, versions: { ...ids.versions, document: document.version } };
}

/** Alerts: the admin's own setting (digest for domain failures), an alert kept for their digest, the daily checks' marks. */
async function populateAlerts(org: { id: string; slug: string; name: string }, admin: CurrentUser) {
  await setAlertPreferences({ ctx: contextFor(admin, org, "ADMIN"), input: { DOMAIN_FAILURE: "DIGEST" } });
  await withTenant({ orgId: org.id }, (tx) =>
    alertMembers(tx, { orgId: org.id, kind: "DOMAIN_FAILURE", subject: `trust.${org.slug}.example failed its DNS check`, lines: ["No TXT record."], link: `/dashboard/${org.slug}/domains` }),
  );
  await runDailyChecks(org.id);
}

/** An API key (as the dashboard creates it) and a POST's stored answer under an Idempotency-Key. */
async function populateApi(ctx: ReturnType<typeof contextFor>) {
  const key = await createApiKey({ ctx, input: { name: "CI sync", scopes: ["posture:read", "posture:write"] } });
  const request = new Request("http://localhost:3000/api/v1/controls", { method: "POST", headers: { "idempotency-key": "populated-1" } });
  await idempotent({ scope: { orgId: ctx.org.id, apiKeyId: key.id }, request, body: "{}", run: async () => new Response("{}", { status: 201, headers: { "content-type": "application/json" } }) });
  return key;
}

/** Prospect access through the public flow and the settings screens' domain functions. */
async function populateAccess(ctx: ReturnType<typeof contextFor>, org: { id: string; slug: string; name: string }, documentId: string) {
  await saveSettings({ ctx, input: { ndaMode: "CLICK_THROUGH", ipRecording: "TRUNCATED", defaultGrantDays: 90, mailCapPerHour: 200, version: 1 } });
  const nda = await publishNdaVersion({ ctx, input: { markdown: `# ${org.name} NDA\n\nWhat you read here stays between us.` } });
  await saveRules({ ctx, input: { version: 1, rules: [{ match: "DOMAINS", domains: ["prospect.example"], decision: "APPROVE" }, { match: "FREE_MAIL", decision: "REVIEW" }] } });
  const host = `${org.slug}.trust.test`;
  const publicCtx = await publicAccessContext({ slug: org.slug, host, request: TEST_REQUEST });
  if (!publicCtx) throw new Error("populatedTenant: no public context");
  const submitted = await submitAccessRequest({
    ctx: publicCtx,
    input: { email: "pat@prospect.example", fullName: "Pat Buyer", company: "Prospect Inc", scope: { items: [`document:${documentId}`] }, nda: { versionId: nda.id, accepted: true } },
  });
  const verified = await verifyAccessRequest({ ctx: publicCtx, token: submitted.token });
  if (verified.status !== "APPROVED") throw new Error(`populatedTenant: the domain rule did not approve (${verified.status})`);
  const session = await redeemAccessLink({ ctx: publicCtx, token: verified.linkToken });
  const versionId = await withTenant({ orgId: org.id }, async (tx) => (await tx.documentVersion.findFirstOrThrow({ where: { orgId: org.id, documentId }, select: { id: true } })).id);
  await recordDownload({ ctx: publicCtx, grantId: verified.grantId, input: { documentId, versionId, documentTitle: "Pen test", watermarkId: "wm-test", sha256: sha256Hex("watermarked") } });
  return { host, ndaVersionId: nda.id, requestId: verified.requestId, grantId: verified.grantId, sessionToken: session.sessionToken };
}

/**
 * Subscribers (issue 13): a subscriber through the public flow (subscribe, then confirm), the
 * delivery modes through the dashboard's writer, and the notice of the live publication. The
 * notice is the fan-out's row, written here as the fan-out writes it; the suppression list is
 * platform-wide.
 */
async function populateSubscribers(ctx: ReturnType<typeof contextFor>, org: { id: string; slug: string }) {
  const host = `${org.slug}.trust.test`;
  const publicCtx = await publicAccessContext({ slug: org.slug, host, request: TEST_REQUEST });
  if (!publicCtx) throw new Error("populatedTenant: no public context");
  let token = "";
  await subscribe({ ctx: publicCtx, input: { email: "sam@subscriber.example", topics: ["SECURITY", "SUBPROCESSORS"] }, deliver: { confirm: async (_tx, raw) => void (token = raw), manage: async () => undefined } });
  const subscriber = await confirmSubscription({ ctx: publicCtx, token });
  await saveDeliveryModes({ ctx, input: { securityMode: "IMMEDIATE", subprocessorsMode: "DAILY", certificationsMode: "WEEKLY", generalMode: "IMMEDIATE", version: 1 } });
  return withTenant({ orgId: org.id }, async (tx) => {
    const publication = await tx.publication.findFirstOrThrow({ where: { orgId: org.id }, orderBy: { seq: "desc" }, select: { id: true } });
    const notice = await tx.publicationNotice.create({
      data: { orgId: org.id, publicationId: publication.id, subscriberId: subscriber.id, email: subscriber.email, topics: ["SECURITY"], mode: "IMMEDIATE" },
    });
    await tx.$executeRaw`INSERT INTO "EmailSuppression" ("email", "reason") VALUES ('bounced@subscriber.example', 'BOUNCE') ON CONFLICT ("email") DO NOTHING`;
    return { host, subscriberId: subscriber.id, noticeId: notice.id };
  });
}

/** An objection to the announced change, filed and verified through the public flow. */
async function populateObjection(org: { id: string; slug: string }) {
  const publicCtx = await publicAccessContext({ slug: org.slug, host: `${org.slug}.trust.test`, request: TEST_REQUEST });
  if (!publicCtx) throw new Error("populatedTenant: no public context");
  const change = await withTenant({ orgId: org.id }, (tx) => tx.subprocessorChange.findFirstOrThrow({ where: { orgId: org.id, vendor: "Notice Co" }, select: { id: true } }));
  const filed = await submitObjection({ ctx: publicCtx, input: { changeId: change.id, email: "dpo@customer.example", company: "Customer Ltd", reason: "Our DPA forbids storage outside the EU." } });
  await verifyObjection({ ctx: publicCtx, token: filed.token, registerUrl: "http://localhost:3000/dashboard/x/subprocessors/objections", trustUrl: "http://localhost:3000/" });
  return { changeId: change.id, objectionId: filed.objectionId };
}

/**
 * A webhook endpoint (saved while a test hook lets 127.0.0.1 through, as a test receiver's
 * address would be), a test event, and one logged attempt: refused at send, the hook gone.
 */
async function populateWebhooks(ctx: ReturnType<typeof contextFor>, orgId: string) {
  const previous = setDestinationTestHooks({ allow: (address) => address === "127.0.0.1" });
  const created = await createEndpoint({ ctx, input: { url: "https://127.0.0.1:9/hooks", description: "Ops", events: ["publication.created"], format: "STANDARD" } }).finally(() => setDestinationTestHooks(previous));
  const { eventId } = await sendTestEvent({ ctx, id: created.endpoint.id });
  const saved = setDestinationTestHooks(null);
  await deliverWebhook({ deliveryKey: deliveryKey({ orgId, endpointId: created.endpoint.id, eventId }) }).finally(() => setDestinationTestHooks(saved));
  return { endpointId: created.endpoint.id, eventId, version: created.endpoint.version };
}

/** A signed-in browser session for `user` (a row as Auth.js makes it): the raw cookie value. */
export async function sessionFor(user: CurrentUser) {
  const token = randomBytes(32).toString("hex");
  await db.session.create({ data: { sessionToken: sha256Hex(token), userId: user.id, expires: new Date(Date.now() + 86_400_000) } });
  return token;
}
