import { createHash, randomBytes } from "node:crypto";
import { sql, sqlOne } from "../fixtures";

/**
 * Two organisations, A and B, each with a member of every role, made directly in the database
 * (as fixtures, not through the UI) and each person with a fresh session, so the only thing a
 * test varies is who asks for what.
 */
export const ROLES = ["OWNER", "ADMIN", "EDITOR", "VIEWER"] as const;
export type Role = (typeof ROLES)[number];
export type Person = { email: string; userId: string; memberId: string; sessionToken: string };
export type Org = {
  id: string;
  slug: string;
  name: string;
  people: Record<Role, Person>;
  invitationId: string;
  areaId: string;
  controlId: string;
  evidenceId: string;
  faqId: string;
  reviewId: string;
  reviewItemId: string;
  documentId: string;
  customDomainId: string;
  publicationRequestId: string;
  /** Prospect access (ADR 029): a request waiting for review, and a grant from an approved one. */
  accessRequestId: string;
  accessGrantId: string;
  /** The grant's acceptance of a click-through NDA (its certificate is a route of each side). */
  ndaAcceptanceId: string;
  /** A confirmed subscriber (issue 13). */
  subscriberId: string;
  /** A webhook endpoint and one event (ADR 032). */
  webhookEndpointId: string;
  webhookEventId: string;
  /** A recorded subprocessor change and an open objection to it (ADR 031). */
  subprocessorChangeId: string;
  objectionId: string;
};
export type World = { a: Org; b: Org };

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

async function makeOrg(label: string): Promise<Org> {
  const suffix = randomBytes(3).toString("hex");
  const slug = `${label.toLowerCase()}-${suffix}`;
  const org = await sqlOne<{ id: string }>(`INSERT INTO "Organization" (slug, name) VALUES ($1, $2) RETURNING id`, [slug, `Org ${label}`]);
  const people = {} as Record<Role, Person>;
  for (const role of ROLES) {
    const email = `${label.toLowerCase()}-${role.toLowerCase()}-${suffix}@example.com`;
    const user = await sqlOne<{ id: string }>(`INSERT INTO "User" (email) VALUES ($1) RETURNING id`, [email]);
    const member = await sqlOne<{ id: string }>(`INSERT INTO "Member" ("orgId", "userId", role) VALUES ($1, $2, $3) RETURNING id`, [org.id, user.id, role]);
    const sessionToken = randomBytes(32).toString("hex");
    await sql(`INSERT INTO "Session" ("sessionToken", "userId", expires) VALUES ($1, $2, now() + interval '1 day')`, [sha256(sessionToken), user.id]);
    people[role] = { email, userId: user.id, memberId: member.id, sessionToken };
  }
  const invitation = await sqlOne<{ id: string }>(
    `INSERT INTO "Invitation" ("orgId", email, role, "tokenHash", "expiresAt") VALUES ($1, $2, 'EDITOR', $3, now() + interval '7 days') RETURNING id`,
    [org.id, `invitee-${suffix}@example.com`, sha256(randomBytes(32).toString("hex"))],
  );
  const area = await sqlOne<{ id: string }>(`INSERT INTO "ControlArea" ("orgId", name, position) VALUES ($1, 'Access Control', 1) RETURNING id`, [org.id]);
  const control = await sqlOne<{ id: string }>(
    `INSERT INTO "Control" ("orgId", "areaId", ref, title, status, position) VALUES ($1, $2, 'AC-01', 'Private control of ${label}', 'IMPLEMENTED', 1) RETURNING id`,
    [org.id, area.id],
  );
  const evidence = await sqlOne<{ id: string }>(
    `INSERT INTO "Evidence" ("orgId", "controlId", label, kind, target, position) VALUES ($1, $2, 'Gate', 'CODE', 'src/server/gate.ts', 1) RETURNING id`,
    [org.id, control.id],
  );
  const faq = await sqlOne<{ id: string }>(`INSERT INTO "Faq" ("orgId", question, answer, position) VALUES ($1, 'Secret question of ${label}?', 'Answer', 1) RETURNING id`, [org.id]);
  const review = await sqlOne<{ id: string }>(`INSERT INTO "SecurityReview" ("orgId", title, "reviewedAt", template) VALUES ($1, 'Review of ${label}', '2026-09-30', 'custom') RETURNING id`, [org.id]);
  // A document whose stored file does not exist: the cells only need the database row (an
  // outsider is refused before any file is read).
  const document = await sqlOne<{ id: string }>(`INSERT INTO "Document" ("orgId", title, position) VALUES ($1, 'Pen test of ${label}', 1) RETURNING id`, [org.id]);
  await sql(
    `INSERT INTO "DocumentVersion" ("orgId", "documentId", number, "fileName", "mimeType", size, sha256, "storageKey") VALUES ($1, $2, 1, 'report.pdf', 'application/pdf', 10, $3, $4)`,
    [org.id, document.id, "0".repeat(64), `orgs/${org.id}/documents/${document.id}/1-missing`],
  );
  const customDomain = await sqlOne<{ id: string }>(`INSERT INTO "CustomDomain" ("orgId", hostname, token) VALUES ($1, $2, 'cross-tenant-token') RETURNING id`, [org.id, `trust.${slug}.example`]);
  // A pending publication request (ADR 022), as A's editor would leave it.
  const publicationRequest = await sqlOne<{ id: string }>(
    `INSERT INTO "PublicationRequest" ("orgId", "requestedById", note, "viewCanonical", "viewHash") VALUES ($1, $2, 'Please publish', '{}', $3) RETURNING id`,
    [org.id, people.EDITOR.userId, "0".repeat(64)],
  );
  const pendingAccess = await sqlOne<{ id: string }>(
    `INSERT INTO "AccessRequest" ("orgId", email, "fullName", company, status, "tokenExpiresAt", "verifiedAt", host) VALUES ($1, 'pat@prospect.example', 'Pat Buyer', 'Prospect Inc', 'PENDING', now(), now(), $2) RETURNING id`,
    [org.id, `${slug}.trust.test`],
  );
  const approvedAccess = await sqlOne<{ id: string }>(
    `INSERT INTO "AccessRequest" ("orgId", email, "fullName", company, status, "tokenExpiresAt", "verifiedAt", "decidedAt", "decidedByRule", host) VALUES ($1, 'sam@customer.example', 'Sam Customer', 'Customer Ltd', 'APPROVED', now(), now(), now(), 'Rule 1: email domain is customer.example → approve', $2) RETURNING id`,
    [org.id, `${slug}.trust.test`],
  );
  const grant = await sqlOne<{ id: string }>(`INSERT INTO "AccessGrant" ("orgId", "requestId", email, "expiresAt") VALUES ($1, $2, 'sam@customer.example', now() + interval '90 days') RETURNING id`, [org.id, approvedAccess.id]);
  const ndaText = `# NDA of ${label}\n\nKeep it secret.\n`;
  const ndaVersion = await sqlOne<{ id: string }>(`INSERT INTO "NdaVersion" ("orgId", number, markdown, sha256) VALUES ($1, 1, $2, $3) RETURNING id`, [org.id, ndaText, sha256(ndaText)]);
  const acceptance = await sqlOne<{ id: string }>(
    `INSERT INTO "NdaAcceptance" ("orgId", "requestId", "grantId", "ndaVersionId", "textSha256", email, "ipAddress", "userAgent") VALUES ($1, $2, $3, $4, $5, 'sam@customer.example', '198.51.100.0', 'Mozilla/5.0') RETURNING id`,
    [org.id, approvedAccess.id, grant.id, ndaVersion.id, sha256(ndaText)],
  );
  const subscriber = await sqlOne<{ id: string }>(
    `INSERT INTO "Subscriber" ("orgId", email, topics, status, "confirmedAt", host) VALUES ($1, 'sub@customer.example', '{SECURITY,GENERAL}', 'CONFIRMED', now(), $2) RETURNING id`,
    [org.id, `${slug}.trust.test`],
  );
  const change = await sqlOne<{ id: string }>(
    `INSERT INTO "SubprocessorChange" ("orgId", vendor, kind, summary, after, "effectiveOn") VALUES ($1, 'Notice Co of ${label}', 'ADDED', 'New subprocessor: Log storage', '{"purpose":"Log storage"}', '2030-01-01') RETURNING id`,
    [org.id],
  );
  const objection = await sqlOne<{ id: string }>(
    `INSERT INTO "SubprocessorObjection" ("orgId", "changeId", email, company, reason, status, "tokenExpiresAt", "verifiedAt", host) VALUES ($1, $2, 'dpo@customer.example', 'Customer Ltd', 'EU only', 'OPEN', now(), now(), $3) RETURNING id`,
    [org.id, change.id, `${slug}.trust.test`],
  );
  const item = await sqlOne<{ id: string }>(`INSERT INTO "ReviewItem" ("orgId", "reviewId", area, question, position) VALUES ($1, $2, 'Auth', 'Is it safe?', 1) RETURNING id`, [org.id, review.id]);
  const webhook = await sqlOne<{ id: string }>(
    `INSERT INTO "WebhookEndpoint" ("orgId", url, events, "secretSealed") VALUES ($1, 'https://hooks.example.com/${label}', '{publication.created}', 'k1.unused.unused.unused') RETURNING id`,
    [org.id],
  );
  const webhookEvent = await sqlOne<{ id: string }>(`INSERT INTO "WebhookEvent" ("orgId", type, payload) VALUES ($1, 'publication.created', '{"seq":1}') RETURNING id`, [org.id]);
  return {
    id: org.id,
    slug,
    name: `Org ${label}`,
    people,
    invitationId: invitation.id,
    areaId: area.id,
    controlId: control.id,
    evidenceId: evidence.id,
    faqId: faq.id,
    reviewId: review.id,
    reviewItemId: item.id,
    documentId: document.id,
    customDomainId: customDomain.id,
    publicationRequestId: publicationRequest.id,
    accessRequestId: pendingAccess.id,
    accessGrantId: grant.id,
    ndaAcceptanceId: acceptance.id,
    subscriberId: subscriber.id,
    webhookEndpointId: webhook.id,
    webhookEventId: webhookEvent.id,
    subprocessorChangeId: change.id,
    objectionId: objection.id,
  };
}

export async function makeWorld(): Promise<World> {
  return { a: await makeOrg("A"), b: await makeOrg("B") };
}

/** Everything of A's a write could change: compared before and after the suite. */
export async function snapshot(org: Org) {
  return {
    organization: await sql(`SELECT name, overview, "brandColor", "securityContactEmail", "requireMfa", "requirePublishApproval", version FROM "Organization" WHERE id = $1`, [org.id]),
    members: await sql(`SELECT id, "userId", role FROM "Member" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
    invitations: await sql(`SELECT id, email, role, "tokenHash", "revokedAt", "acceptedAt" FROM "Invitation" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
    areas: await sql(`SELECT id, name, position FROM "ControlArea" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
    controls: await sql(`SELECT id, ref, title, status, visibility, position, version, "lastReviewedAt" FROM "Control" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
    evidence: await sql(`SELECT id, label, target, position FROM "Evidence" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
    faqs: await sql(`SELECT id, question, answer, position, version FROM "Faq" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
    reviews: await sql(`SELECT id, title, version FROM "SecurityReview" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
    documents: await sql(`SELECT id, title, visibility, version FROM "Document" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
    documentVersions: await sql(`SELECT id, number, sha256 FROM "DocumentVersion" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
    reviewItems: await sql(`SELECT id, question, result, evidence, position FROM "ReviewItem" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
    publicationRequests: await sql(`SELECT id, status, note, "decidedById", reason, "publicationSeq" FROM "PublicationRequest" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
    publications: await sql(`SELECT seq, hash FROM "Publication" WHERE "orgId" = $1 ORDER BY seq`, [org.id]),
    accessRequests: await sql(`SELECT id, status, "decidedById", "decisionReason", "decidedAt" FROM "AccessRequest" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
    subscribers: await sql(`SELECT id, email, topics, status FROM "Subscriber" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
    notificationSettings: await sql(`SELECT "securityMode", "subprocessorsMode", "certificationsMode", "generalMode", version FROM "NotificationSettings" WHERE "orgId" = $1`, [org.id]),
    accessGrants: await sql(`SELECT id, "scopeAll", "scopeItems", "expiresAt", "revokedAt", version FROM "AccessGrant" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
    accessSettings: await sql(`SELECT "ndaMode", "ipRecording", "defaultGrantDays", "mailCapPerHour", version, "rulesVersion" FROM "AccessSettings" WHERE "orgId" = $1`, [org.id]),
    accessRules: await sql(`SELECT position, match, domains, decision FROM "AccessRule" WHERE "orgId" = $1 ORDER BY position`, [org.id]),
    ndaVersions: await sql(`SELECT number, sha256 FROM "NdaVersion" WHERE "orgId" = $1 ORDER BY number`, [org.id]),
    webhookEndpoints: await sql(`SELECT id, url, description, events, format, "secretSealed", enabled, version FROM "WebhookEndpoint" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
    webhookEvents: await sql(`SELECT count(*)::int AS n FROM "WebhookEvent" WHERE "orgId" = $1`, [org.id]),
    ndaAcceptances: await sql(`SELECT id, "ndaVersionId", "textSha256", email FROM "NdaAcceptance" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
    accessLinks: await sql(`SELECT count(*)::int AS n FROM "GranteeLinkToken" WHERE "orgId" = $1`, [org.id]),
    objections: await sql(`SELECT id, status, note, "decidedAt", version FROM "SubprocessorObjection" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
    customDomains: await sql(`SELECT id, hostname, mode, status, "lastCheckedAt" FROM "CustomDomain" WHERE "orgId" = $1 ORDER BY id`, [org.id]),
  };
}
