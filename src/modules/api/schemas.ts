import * as z from "zod";
import { CONTROL_ICONS, CONTROL_STATUSES, EVIDENCE_KINDS, FINDING_RESOLUTIONS, REVIEW_RESULTS, reviewItemSchema, reviewSchema, FRAMEWORK_STATUSES, SUBPROCESSOR_STATUSES, UPDATE_CATEGORIES, VISIBILITIES, controlSchema, documentSchema, documentVersionSchema, evidenceSchema, faqSchema, frameworkSchema, sectionSchema, subprocessorSchema, updateSchema } from "@/modules/content/schema";
import { CONTROL_SORTS } from "@/modules/controls/query";
import { REQUEST_STATUSES, approveSchema, denySchema } from "@/modules/access/schema";
import { GRANT_STATES } from "@/modules/access/query";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_FORMATS, endpointInputSchema } from "@/modules/webhooks/schema";
import { SUBSCRIBER_STATUSES, SUBSCRIBER_TOPICS } from "@/modules/subscribers/schema";
import { searchText } from "@/server/query-params";
import { PUBLICATION_REQUEST_STATUSES, rejectRequestSchema, requestPublicationSchema } from "@/modules/publishing/schema";

/**
 * The REST API's resources (ADR 035), client-safe: what goes in is the dashboard's own input
 * schema made strict (unknown fields are refused: no mass assignment); what comes out is an
 * explicit schema (a row's other columns never leave). The OpenAPI document (openapi.ts) is
 * generated from these same objects, and the API tests use types generated from that document.
 */

const isoDate = z.iso.datetime({ offset: true });
const uuid = z.uuid();

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), pointer: z.string(), message: z.string() })).optional(),
    eventId: z.string().optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details.", example: { type: "urn:candor:problem:validation", title: "Unprocessable content", status: 422, detail: "Some fields need attention.", code: "validation", errors: [{ path: "title", pointer: "/title", message: "Title is required." }] } });

export const organizationSchema = z
  .object({ id: uuid, slug: z.string(), name: z.string(), overview: z.string(), securityContactEmail: z.string().nullable(), requirePublishApproval: z.boolean(), version: z.int() })
  .meta({ id: "Organization", example: { id: "6f1c1f7e-3f1e-4a47-9a56-1b1c8d1e2f30", slug: "acme", name: "Acme", overview: "We sell anvils.", securityContactEmail: "security@acme.example", requirePublishApproval: false, version: 3 } });

export const evidenceOutSchema = z
  .object({ id: uuid, label: z.string(), kind: z.enum(EVIDENCE_KINDS), target: z.string(), visibility: z.enum(VISIBILITIES), position: z.int() })
  .meta({ id: "Evidence" });

const controlFields = {
  id: uuid,
  ref: z.string(),
  title: z.string(),
  status: z.enum(CONTROL_STATUSES),
  visibility: z.enum(VISIBILITIES),
  area: z.object({ id: uuid, name: z.string() }),
  ownerEmail: z.string().nullable(),
  reviewCadenceDays: z.int(),
  lastReviewedAt: isoDate.nullable(),
  createdAt: isoDate,
  version: z.int(),
};

export const controlSummarySchema = z.object({ ...controlFields, evidenceCount: z.int() }).meta({ id: "ControlSummary" });

export const controlSchemaOut = z
  .object({ ...controlFields, description: z.string(), icon: z.enum(CONTROL_ICONS).nullable(), evidence: z.array(evidenceOutSchema) })
  .meta({
    id: "Control",
    example: {
      id: "0b5b6a57-7f6a-4c41-8a7a-0e7f1c1d2a3b", ref: "AC-01", title: "Single sign-on for staff", status: "IMPLEMENTED", visibility: "PUBLIC",
      area: { id: "4a3c2b1d-0e9f-4a8b-9c7d-6e5f4a3b2c1d", name: "Access control" }, ownerEmail: "lead@acme.example", reviewCadenceDays: 365,
      lastReviewedAt: "2026-11-02T00:00:00.000Z", createdAt: "2026-10-01T09:00:00.000Z", version: 2, description: "All staff sign in through SSO.", icon: "key", evidence: [],
    },
  });

export const controlPageSchema = z
  .object({ data: z.array(controlSummarySchema), total: z.int(), nextCursor: z.string().nullable() })
  .meta({ id: "ControlPage" });

/** Create and replace take the dashboard's control form, strict, plus an optional evidence list (replacing the control's). */
export const controlInputSchema = controlSchema
  .extend({ evidence: z.array(evidenceSchema.strict()).max(200, "At most 200 evidence items per control.").optional() })
  .strict()
  .meta({
    id: "ControlInput",
    example: { ref: "AC-01", area: "Access control", title: "Single sign-on for staff", description: "All staff sign in through SSO.", status: "IMPLEMENTED", visibility: "PUBLIC", reviewCadenceDays: 365 },
  });

export const evidenceInputSchema = evidenceSchema.strict().meta({ id: "EvidenceInput", example: { label: "SSO config", kind: "CONFIG", target: "infra/sso.tf", visibility: "PUBLIC" } });

export const controlListQuerySchema = z
  .object({
    limit: z.coerce.number({ error: "limit: a number from 1 to 100." }).int("limit: a whole number.").min(1, "limit: at least 1.").max(100, "limit: at most 100.").default(50),
    cursor: z.string().max(3_000).optional(),
    q: searchText(100),
    status: z.enum(CONTROL_STATUSES).optional(),
    visibility: z.enum(VISIBILITIES).optional(),
    area: uuid.optional(),
    review: z.enum(["due"]).optional(),
    sort: z.enum(CONTROL_SORTS).default("position"),
    dir: z.enum(["asc", "desc"]).default("asc"),
  })
  .strict();

export const areaSchemaOut = z.object({ id: uuid, name: z.string(), controls: z.int() }).meta({ id: "ControlArea" });
export const areaListSchema = z.object({ data: z.array(areaSchemaOut) }).meta({ id: "ControlAreaList" });

export const publicationSchemaOut = z
  .object({ seq: z.int(), kind: z.enum(["PUBLISH", "UNPUBLISH"]), hash: z.string(), publishedAt: isoDate, publishedBy: z.string().nullable() })
  .meta({ id: "Publication", example: { seq: 7, kind: "PUBLISH", hash: "3f9a…", publishedAt: "2026-12-01T09:00:00.000Z", publishedBy: "lead@acme.example" } });
export const publicationListSchema = z.object({ data: z.array(publicationSchemaOut) }).meta({ id: "PublicationList", description: "The 50 most recent links of the chain, newest first." });
export const publishResultSchema = z
  .object({ seq: z.int(), hash: z.string(), unchanged: z.boolean() })
  .meta({ id: "PublishResult", description: "The new link of the chain; `unchanged` when the draft was already live (nothing appended)." });
/** POST /publications takes no fields: it publishes the draft as it is. */
export const publishInputSchema = z.object({}).strict().meta({ id: "PublishInput" });

const accessScope = z.union([z.object({ all: z.literal(true) }), z.object({ items: z.array(z.string()) })]);

export const accessRequestSchemaOut = z
  .object({
    id: uuid, email: z.string(), fullName: z.string(), company: z.string().nullable(), reason: z.string().nullable(), scope: accessScope,
    status: z.enum(REQUEST_STATUSES), host: z.string(), createdAt: isoDate, verifiedAt: isoDate.nullable(), decidedAt: isoDate.nullable(),
    decidedByRule: z.string().nullable(), decisionReason: z.string().nullable(), ndaVersion: z.int().nullable(), grantId: uuid.nullable(),
  })
  .meta({ id: "AccessRequest" });

export const accessRequestPageSchema = z.object({ data: z.array(accessRequestSchemaOut), total: z.int(), nextCursor: z.string().nullable() }).meta({ id: "AccessRequestPage" });

export const accessRequestListQuerySchema = z
  .object({
    limit: z.coerce.number({ error: "limit: a number from 1 to 100." }).int("limit: a whole number.").min(1, "limit: at least 1.").max(100, "limit: at most 100.").default(50),
    cursor: z.string().max(200).optional(),
    status: z.enum(REQUEST_STATUSES).optional(),
  })
  .strict();

/** A reviewer's decision, as the dashboard's Approve and Deny forms take it (the requester is mailed as there). */
export const accessDecisionSchema = z
  .discriminatedUnion("decision", [
    approveSchema.omit({ requestId: true }).extend({ decision: z.literal("approve") }).strict(),
    z.object({ decision: z.literal("deny"), reason: denySchema.shape.reason, notify: z.boolean().default(true) }).strict(),
  ])
  .meta({ id: "AccessDecision", example: { decision: "approve", scope: { all: true }, days: 90 } });

export const accessDecisionResultSchema = z
  .object({ status: z.enum(["APPROVED", "DENIED"]), grantId: uuid.nullable(), grantExpiresAt: isoDate.nullable(), emailed: z.boolean() })
  .meta({ id: "AccessDecisionResult" });

const isoDay = z.iso.date();

export const frameworkSchemaOut = z
  .object({
    id: uuid, name: z.string(), status: z.enum(FRAMEWORK_STATUSES), auditor: z.string().nullable(), periodStart: isoDay.nullable(), periodEnd: isoDay.nullable(),
    reportUrl: z.string().nullable(), note: z.string(), visibility: z.enum(VISIBILITIES), position: z.int(), version: z.int(),
    // Issue 15: inherited from a provider, a target date (in progress, planned), the last audit or review.
    inheritedFrom: z.string().nullable(), targetDate: isoDay.nullable(), lastAuditedAt: isoDay.nullable(),
  })
  .meta({ id: "Framework", example: { id: "9d2f3c4b-5a6e-4f70-8a9b-0c1d2e3f4a5b", name: "SOC 2 Type II", status: "CERTIFIED", auditor: "Example LLP", periodStart: "2026-01-01", periodEnd: "2026-12-31", reportUrl: null, note: "", visibility: "NDA", position: 1, version: 1, inheritedFrom: null, targetDate: null, lastAuditedAt: "2026-11-15" } });
export const frameworkPageSchema = z.object({ data: z.array(frameworkSchemaOut), total: z.int(), nextCursor: z.string().nullable() }).meta({ id: "FrameworkPage" });
/** The dashboard's framework form, strict. */
export const frameworkInputSchema = frameworkSchema.strict().meta({ id: "FrameworkInput", example: { name: "SOC 2 Type II", status: "CERTIFIED", auditor: "Example LLP", periodStart: "2026-01-01", periodEnd: "2026-12-31", visibility: "NDA" } });
export const frameworkListQuerySchema = z
  .object({
    limit: z.coerce.number({ error: "limit: a number from 1 to 100." }).int("limit: a whole number.").min(1, "limit: at least 1.").max(100, "limit: at most 100.").default(50),
    cursor: z.string().max(200).optional(),
    q: searchText(100),
    status: z.enum(FRAMEWORK_STATUSES).optional(),
  })
  .strict();

export const publicationDetailSchema = z
  .object({
    seq: z.int(), kind: z.enum(["PUBLISH", "UNPUBLISH"]), hash: z.string(), prevHash: z.string().nullable(), publishedAt: isoDate, publishedBy: z.string().nullable(),
    canonical: z.string().meta({ description: "The signed document, as signed: RFC 8785 canonical JSON. `hash` is the SHA-256 of these bytes (UTF-8)." }),
    signature: z.string().meta({ description: "Ed25519 signature of `canonical`, base64." }),
    publicKey: z.string().meta({ description: "The organisation's Ed25519 public key (SPKI PEM)." }),
  })
  .meta({ id: "PublicationDetail", description: "One link of the chain, with what is needed to verify it offline." });

export const publicationDiffQuerySchema = z
  .object({ from: z.coerce.number({ error: "from: a publication's seq (0 for before the first)." }).int("from: a whole number.").min(0, "from: at least 0.").max(2_147_483_647, "from: too large.").optional() })
  .strict();

export const publicationDiffSchema = z
  .object({
    from: z.object({ seq: z.int(), hash: z.string().nullable() }),
    to: z.object({ seq: z.int(), hash: z.string() }),
    changes: z.array(z.string()).meta({ description: "The changelog's lines, the same the dashboard's preview and the public changelog show." }),
  })
  .meta({ id: "PublicationDiff", example: { from: { seq: 6, hash: "9c1e…" }, to: { seq: 7, hash: "3f9a…" }, changes: ["AC-07: Planned → Implemented"] } });

// --- the content kit's other kinds (subprocessors, FAQs, updates, sections) -----------------

const listLimit = z.coerce.number({ error: "limit: a number from 1 to 100." }).int("limit: a whole number.").min(1, "limit: at least 1.").max(100, "limit: at most 100.").default(50);
const pageOf = <S extends z.ZodType>(item: S, id: string) => z.object({ data: z.array(item), total: z.int(), nextCursor: z.string().nullable() }).meta({ id });

export const subprocessorSchemaOut = z
  .object({
    id: uuid, vendor: z.string(), website: z.string().nullable(), purpose: z.string(), dataCategories: z.string(), dataRetention: z.string(), location: z.string(), transferMechanism: z.string().nullable(),
    parentId: uuid.nullable(), since: isoDay.nullable(), status: z.enum(SUBPROCESSOR_STATUSES), effectiveDate: isoDay.nullable(), removedAt: isoDay.nullable(), visibility: z.enum(VISIBILITIES), position: z.int(), version: z.int(),
  })
  .meta({ id: "Subprocessor", example: { id: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", vendor: "Postmark", website: "https://postmarkapp.com", purpose: "Transactional email", dataCategories: "Recipient email, message body", dataRetention: "30 days after the contract ends", location: "US", transferMechanism: "EU SCCs", parentId: null, since: "2025-03-01", status: "ACTIVE", effectiveDate: null, removedAt: null, visibility: "PUBLIC", position: 1, version: 1 } });
export const subprocessorPageSchema = pageOf(subprocessorSchemaOut, "SubprocessorPage");
/** The dashboard's subprocessor form, strict; `urgent` + `urgentReason` go with the change (the notice period, ADR 031). */
export const subprocessorInputSchema = subprocessorSchema.strict().meta({ id: "SubprocessorInput", example: { vendor: "Postmark", website: "https://postmarkapp.com", purpose: "Transactional email", dataCategories: "Recipient email, message body", location: "US", transferMechanism: "EU SCCs", status: "ACTIVE", visibility: "PUBLIC" } });
export const subprocessorListQuerySchema = z.object({ limit: listLimit, cursor: z.string().max(200).optional(), q: searchText(100), status: z.enum(SUBPROCESSOR_STATUSES).optional() }).strict();

export const faqSchemaOut = z
  .object({ id: uuid, question: z.string(), answer: z.string(), visibility: z.enum(VISIBILITIES), position: z.int(), version: z.int() })
  .meta({ id: "Faq", example: { id: "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a", question: "Do you encrypt data at rest?", answer: "Yes, AES-256.", visibility: "PUBLIC", position: 1, version: 1 } });
export const faqPageSchema = pageOf(faqSchemaOut, "FaqPage");
export const faqInputSchema = faqSchema.strict().meta({ id: "FaqInput", example: { question: "Do you encrypt data at rest?", answer: "Yes, AES-256.", visibility: "PUBLIC" } });
export const faqListQuerySchema = z.object({ limit: listLimit, cursor: z.string().max(200).optional(), q: searchText(100) }).strict();

export const updateSchemaOut = z
  .object({ id: uuid, title: z.string(), body: z.string(), category: z.enum(UPDATE_CATEGORIES), publishedAt: isoDay, visibility: z.enum(VISIBILITIES), version: z.int() })
  .meta({ id: "Update", example: { id: "3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b", title: "SOC 2 Type II report available", body: "Request it from the trust center.", category: "COMPLIANCE", publishedAt: "2026-11-02", visibility: "PUBLIC", version: 1 } });
export const updatePageSchema = pageOf(updateSchemaOut, "UpdatePage");
export const updateInputSchema = updateSchema.strict().meta({ id: "UpdateInput", example: { title: "SOC 2 Type II report available", body: "Request it from the trust center.", category: "COMPLIANCE", publishedAt: "2026-11-02", visibility: "PUBLIC" } });
export const updateListQuerySchema = z.object({ limit: listLimit, cursor: z.string().max(200).optional(), q: searchText(100), category: z.enum(UPDATE_CATEGORIES).optional() }).strict();

export const sectionSchemaOut = z
  .object({ id: uuid, title: z.string(), body: z.string(), visibility: z.enum(VISIBILITIES), position: z.int(), version: z.int() })
  .meta({ id: "Section", example: { id: "4f5a6b7c-8d9e-4f0a-9b2c-3d4e5f6a7b8c", title: "What we don't do", body: "We do not sell data.", visibility: "PUBLIC", position: 1, version: 1 } });
export const sectionPageSchema = pageOf(sectionSchemaOut, "SectionPage");
export const sectionInputSchema = sectionSchema.strict().meta({ id: "SectionInput", example: { title: "What we don't do", body: "We do not sell data.", visibility: "PUBLIC" } });
export const sectionListQuerySchema = z.object({ limit: listLimit, cursor: z.string().max(200).optional(), q: searchText(100) }).strict();

// --- documents (metadata; the bytes are downloaded from .../versions/{number}/file) ----------

export const documentVersionSchemaOut = z
  .object({ number: z.int(), label: z.string(), effectiveDate: isoDay.nullable(), fileName: z.string(), mimeType: z.string(), size: z.int(), sha256: z.string(), uploadedAt: isoDate })
  .meta({ id: "DocumentVersion" });
const documentFields = { id: uuid, title: z.string(), description: z.string(), category: z.string(), visibility: z.enum(VISIBILITIES), position: z.int(), version: z.int(), createdAt: isoDate, updatedAt: isoDate };
export const documentSummarySchema = z
  .object({ ...documentFields, latestVersion: documentVersionSchemaOut.nullable(), versionCount: z.int() })
  .meta({ id: "DocumentSummary" });
export const documentSchemaOut = z
  .object({ ...documentFields, versions: z.array(documentVersionSchemaOut) })
  .meta({ id: "Document", description: "A document's metadata and its versions, newest first." });
export const documentPageSchema = pageOf(documentSummarySchema, "DocumentPage");
export const documentListQuerySchema = z.object({ limit: listLimit, cursor: z.string().max(200).optional() }).strict();

/** An upload's text fields (multipart/form-data beside `file`): the dashboard's document and version forms, strict. */
export const documentUploadFieldsSchema = documentSchema.extend(documentVersionSchema.shape).strict().meta({ id: "DocumentUploadFields" });

// --- access grants ----------------------------------------------------------------------------

export const grantSchemaOut = z
  .object({
    id: uuid, email: z.string(), fullName: z.string(), company: z.string(), scope: accessScope, state: z.enum(GRANT_STATES), createdAt: isoDate, expiresAt: isoDate,
    extendedAt: isoDate.nullable(), revokedAt: isoDate.nullable(), ndaVersion: z.int().nullable(), downloads: z.int(), version: z.int(),
  })
  .meta({ id: "AccessGrant" });
export const grantPageSchema = pageOf(grantSchemaOut, "AccessGrantPage");
export const grantListQuerySchema = z.object({ limit: listLimit, cursor: z.string().max(200).optional(), state: z.enum(GRANT_STATES).default("active"), q: searchText(100) }).strict();
export const grantDetailSchemaOut = grantSchemaOut
  .extend({
    revokedBy: z.string().nullable(),
    recentDownloads: z.array(z.object({ documentTitle: z.string(), documentId: uuid, at: isoDate, sha256: z.string() })),
    acceptances: z.array(z.object({ id: uuid, acceptedAt: isoDate, ndaVersion: z.int(), textSha256: z.string() })),
  })
  .meta({ id: "AccessGrantDetail", description: "A grant with its most recent downloads and its NDA acceptances." });
/** POST /grants/{id}/revocation takes no fields (If-Match names the version). */
export const revokeInputSchema = z.object({}).strict().meta({ id: "RevokeInput" });

// --- subscribers ------------------------------------------------------------------------------

export const subscriberSchemaOut = z
  .object({ id: uuid, email: z.string(), topics: z.array(z.enum(SUBSCRIBER_TOPICS)), status: z.enum(SUBSCRIBER_STATUSES), createdAt: isoDate, confirmedAt: isoDate.nullable(), unsubscribedAt: isoDate.nullable() })
  .meta({ id: "Subscriber" });
export const subscriberPageSchema = pageOf(subscriberSchemaOut, "SubscriberPage");
export const subscriberListQuerySchema = z.object({ limit: listLimit, cursor: z.string().max(200).optional(), q: searchText(254), status: z.enum(SUBSCRIBER_STATUSES).optional() }).strict();

// --- webhook endpoints (ADR 032) -------------------------------------------------------------

export const webhookEndpointSchemaOut = z
  .object({
    id: uuid, url: z.string(), description: z.string(), events: z.array(z.enum(WEBHOOK_EVENT_TYPES)), format: z.enum(WEBHOOK_FORMATS), enabled: z.boolean(), consecutiveFailures: z.int(),
    disabledAt: isoDate.nullable(), disabledReason: z.string().nullable(), previousSecretExpiresAt: isoDate.nullable(), version: z.int(), createdAt: isoDate,
  })
  .meta({ id: "WebhookEndpoint" });
export const webhookEndpointCreatedSchema = webhookEndpointSchemaOut
  .extend({ secret: z.string().meta({ description: "The signing secret (Standard Webhooks, whsec_…): shown this once, never again." }) })
  .meta({ id: "WebhookEndpointCreated" });
export const webhookEndpointPageSchema = pageOf(webhookEndpointSchemaOut, "WebhookEndpointPage");
export const webhookEndpointListQuerySchema = z.object({ limit: listLimit, cursor: z.string().max(200).optional() }).strict();
/** The dashboard's endpoint form, strict. */
export const webhookEndpointInputSchema = endpointInputSchema.strict().meta({ id: "WebhookEndpointInput", example: { url: "https://hooks.example.com/candor", description: "CRM sync", events: ["access_request.created"], format: "STANDARD" } });

// --- issue 14 part 3: reviews, publication requests, webhook acts, document writes ---------------

const resultCounts = z.object({ PASS: z.int(), PARTIAL: z.int(), FAIL: z.int(), NOT_APPLICABLE: z.int(), unanswered: z.int(), total: z.int() });
const reviewFields = {
  id: uuid, title: z.string(), reviewedAt: isoDay, template: z.string(), templateName: z.string(), summary: z.string(), visibility: z.enum(VISIBILITIES),
  version: z.int(), createdAt: isoDate, updatedAt: isoDate, counts: resultCounts,
};
const reviewExample = {
  id: "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", title: "Q4 access review", reviewedAt: "2026-11-20", template: "custom", templateName: "Custom", summary: "Quarterly review of access.", visibility: "PUBLIC",
  version: 1, createdAt: "2026-11-20T09:00:00.000Z", updatedAt: "2026-11-20T09:00:00.000Z", counts: { PASS: 0, PARTIAL: 0, FAIL: 0, NOT_APPLICABLE: 0, unanswered: 0, total: 0 },
};
export const reviewSummarySchemaOut = z.object(reviewFields).meta({ id: "ReviewSummary", example: reviewExample });
export const reviewItemSchemaOut = z
  .object({
    id: uuid, area: z.string(), ref: z.string(), question: z.string(), result: z.enum(REVIEW_RESULTS).nullable(), evidence: z.string(), finding: z.string(),
    resolution: z.enum(FINDING_RESOLUTIONS), remediationUrl: z.string().nullable(), rationale: z.string(), position: z.int(),
  })
  .meta({ id: "ReviewItem", example: { id: "8d9e0f1a-2b3c-4d4e-9f5a-6b7c8d9e0f1a", area: "Access control", ref: "AC-1", question: "Is MFA enforced for every admin?", result: "PASS", evidence: "IdP policy export.", finding: "", resolution: "NONE", remediationUrl: null, rationale: "", position: 1 } });
export const reviewSchemaOut = z
  .object({ ...reviewFields, items: z.array(reviewItemSchemaOut) })
  .meta({ id: "Review", description: "A dated security review with its checklist rows in order.", example: { ...reviewExample, items: [] } });
export const reviewPageSchema = pageOf(reviewSummarySchemaOut, "ReviewPage");
export const reviewListQuerySchema = z.object({ limit: listLimit, cursor: z.string().max(200).optional() }).strict();
/** Create: the dashboard's review form, strict (`template` picks the checklist copied into the review). */
export const reviewInputSchema = reviewSchema.strict().meta({ id: "ReviewInput", example: { title: "Q4 access review", reviewedAt: "2026-11-20", template: "custom", summary: "Quarterly review of access.", visibility: "PUBLIC" } });
/** Replace: the dashboard's header form, strict; the checklist a review started from does not change. */
export const reviewUpdateSchema = reviewSchema.omit({ template: true }).strict().meta({ id: "ReviewUpdate", example: { title: "Q4 access review", reviewedAt: "2026-11-20", summary: "Reviewed; two findings fixed.", visibility: "PUBLIC" } });

/** A row of one's own (the dashboard's "add a row" form and its answers), strict. */
export const reviewItemInputSchema = reviewItemSchema.strict().meta({ id: "ReviewItemInput", example: { area: "Access control", ref: "AC-1", question: "Is MFA enforced for every admin?", result: "PASS", evidence: "IdP policy export, 2026-11-20." } });
const answerShape = reviewItemSchema.shape;
/** Answering a row: its result and findings; the area, reference and question stay as stored (unknown fields here). */
export const reviewItemAnswerSchema = z
  .object({ result: answerShape.result, evidence: answerShape.evidence, finding: answerShape.finding, resolution: answerShape.resolution, remediationUrl: answerShape.remediationUrl, rationale: answerShape.rationale })
  .strict()
  .meta({ id: "ReviewItemAnswer", example: { result: "PARTIAL", finding: "Two service accounts lack MFA.", resolution: "REMEDIATED", remediationUrl: "https://tracker.example.com/SEC-42" } });

const requestFields = {
  id: uuid, status: z.enum(PUBLICATION_REQUEST_STATUSES), note: z.string(), reason: z.string().nullable(),
  viewHash: z.string().meta({ description: "SHA-256 of the requested draft's canonical view: what approving publishes." }),
  requestedAt: isoDate, decidedAt: isoDate.nullable(), publicationSeq: z.int().nullable(), requestedBy: z.string().nullable(), decidedBy: z.string().nullable(),
};
const requestExample = {
  id: "6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e", status: "PENDING", note: "AC-07 is implemented.", reason: null, viewHash: "3f9a…", requestedAt: "2026-12-01T09:00:00.000Z",
  decidedAt: null, publicationSeq: null, requestedBy: "editor@acme.example", decidedBy: null,
};
export const publicationRequestSummarySchemaOut = z.object(requestFields).meta({ id: "PublicationRequestSummary", example: requestExample });
export const publicationRequestSchemaOut = z
  .object({
    ...requestFields,
    changes: z.array(z.string()).meta({ description: "Pending: what approving would publish (live → requested), in the changelog's words." }),
    stale: z.boolean().meta({ description: "Pending: the draft changed since the request, so approving is refused (409): request again." }),
    changedSince: z.array(z.string()).meta({ description: "When stale: what changed in the draft since the request." }),
  })
  .meta({ id: "PublicationRequest", description: "A request to publish the draft as it was when asked (four-eyes publishing, ADR 022).", example: { ...requestExample, changes: ["AC-07: Planned → Implemented"], stale: false, changedSince: [] } });
export const publicationRequestPageSchema = pageOf(publicationRequestSummarySchemaOut, "PublicationRequestPage");
export const publicationRequestListQuerySchema = z.object({ limit: listLimit, cursor: z.string().max(200).optional(), status: z.enum(PUBLICATION_REQUEST_STATUSES).optional() }).strict();
/** The dashboard's request form, strict. */
export const publicationRequestInputSchema = requestPublicationSchema.strict().meta({ id: "PublicationRequestInput", example: { note: "AC-07 is implemented." } });
/** Approving takes no fields: it publishes exactly what was requested, or is refused. */
export const approveRequestInputSchema = z.object({}).strict().meta({ id: "ApproveRequestInput" });
export const rejectRequestInputSchema = rejectRequestSchema.omit({ requestId: true }).strict().meta({ id: "RejectRequestInput", example: { reason: "AC-07's evidence is not linked yet." } });

export const webhookSecretRotatedSchema = webhookEndpointSchemaOut
  .extend({ secret: z.string().meta({ description: "The new signing secret (whsec_…): shown this once. The old one keeps signing beside it until previousSecretExpiresAt." }) })
  .meta({
    id: "WebhookSecretRotated",
    example: {
      id: "9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b", url: "https://hooks.example.com/candor", description: "CRM sync", events: ["access_request.created"], format: "STANDARD", enabled: true, consecutiveFailures: 0,
      disabledAt: null, disabledReason: null, previousSecretExpiresAt: "2026-12-02T09:00:00.000Z", version: 2, createdAt: "2026-11-01T09:00:00.000Z", secret: "whsec_…",
    },
  });
/** POST /webhooks/{id}/secret takes no fields (If-Match names the version). */
export const rotateSecretInputSchema = z.object({}).strict().meta({ id: "RotateSecretInput" });
export const webhookTestResultSchema = z.object({ eventId: uuid }).meta({ id: "WebhookTestResult", description: "The queued ping event; its delivery appears in the endpoint's log.", example: { eventId: "7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f" } });
export const webhookDeliverySchemaOut = z
  .object({
    id: uuid, eventId: uuid, eventType: z.string(), attempt: z.int(), status: z.enum(["SUCCEEDED", "FAILED", "REFUSED"]), responseStatus: z.int().nullable(), latencyMs: z.int().nullable(),
    responseExcerpt: z.string().nullable(), error: z.string().nullable(), createdAt: isoDate,
  })
  .meta({ id: "WebhookDelivery", example: { id: "0f1a2b3c-4d5e-4f6a-9b7c-8d9e0f1a2b3c", eventId: "7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f", eventType: "webhook.ping", attempt: 1, status: "SUCCEEDED", responseStatus: 200, latencyMs: 142, responseExcerpt: "ok", error: null, createdAt: "2026-12-01T09:00:01.000Z" } });
export const webhookDeliveryPageSchema = pageOf(webhookDeliverySchemaOut, "WebhookDeliveryPage");
export const webhookDeliveryListQuerySchema = z.object({ limit: listLimit, cursor: z.string().max(200).optional() }).strict();

/** PUT /documents/{id}: the dashboard's document form, strict. */
export const documentInputSchema = documentSchema.strict().meta({ id: "DocumentInput", example: { title: "SOC 2 Type II report", description: "For customers under NDA.", category: "Audit", visibility: "NDA" } });
/** A new version's text fields (multipart/form-data beside `file`): the dashboard's version form, strict. */
export const documentVersionFieldsSchema = documentVersionSchema.strict().meta({ id: "DocumentVersionFields", example: { label: "2026-Q4", effectiveDate: "2026-11-02" } });
export const documentVersionPageSchema = pageOf(documentVersionSchemaOut, "DocumentVersionPage");
export const documentVersionListQuerySchema = z.object({ limit: listLimit, cursor: z.string().max(200).optional() }).strict();
