import type { Org, World } from "./world";

/**
 * Every route and server action of the built app, and what each kind of outsider must get.
 * The suite reads the routes and actions from the build (.next/server/*-manifest.json): one
 * without a row here fails it, so a new endpoint arrives with its cross-tenant cells.
 *
 * Actors: "anonymous" (no session), "otherTenant" (B's owner acting on A), "viewer" (A's VIEWER,
 * for writes and reads above their role), "editor" (A's EDITOR, where a write is above an
 * editor: publishing and deciding publication requests, ADR 022). Expected: an HTTP status, "login" (sent to sign-in),
 * or, for server actions, the error code the action answers with.
 */
export type Actor = "anonymous" | "otherTenant" | "viewer" | "editor";
export type Expectation = number | "login";

export type RouteCell = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
  path: (w: World) => string;
  body?: (w: World) => Record<string, string>;
  /** Send the body as multipart/form-data with a small PDF in "file" (an upload). */
  upload?: boolean;
  expect: Partial<Record<Actor, Expectation>>;
};
export type RouteRow = { scope: "tenant"; cells: RouteCell[] } | { scope: "user" | "public" | "auth" | "dev" | "platform" | "framework"; why: string; cells?: RouteCell[] };

const A = (w: World): Org => w.a;
const tenantPage = (suffix: string, viewer: Expectation): RouteRow => ({
  scope: "tenant",
  cells: [{ method: "GET", path: (w) => `/dashboard/${A(w).slug}${suffix}`, expect: { anonymous: "login", otherTenant: 404, viewer } }],
});

export const ROUTES: Record<string, RouteRow> = {
  "/dashboard/[slug]/page": tenantPage("", 200),
  "/dashboard/[slug]/members/page": tenantPage("/members", 200),
  "/dashboard/[slug]/settings/page": tenantPage("/settings", 200),
  "/dashboard/[slug]/audit/page": tenantPage("/audit", 403),
  "/dashboard/[slug]/audit/export/route": {
    scope: "tenant",
    cells: [{ method: "GET", path: (w) => `/dashboard/${A(w).slug}/audit/export?format=json`, expect: { anonymous: "login", otherTenant: 404, viewer: 403 } }],
  },
  "/api/orgs/[slug]/members/[memberId]/route": {
    scope: "tenant",
    cells: [
      { method: "PATCH", path: (w) => `/api/orgs/${A(w).slug}/members/${A(w).people.EDITOR.memberId}`, body: () => ({ role: "OWNER" }), expect: { anonymous: 401, otherTenant: 404, viewer: 403 } },
      { method: "DELETE", path: (w) => `/api/orgs/${A(w).slug}/members/${A(w).people.EDITOR.memberId}`, expect: { anonymous: 401, otherTenant: 404, viewer: 403 } },
      // B's owner naming A's member under B's own slug: still nothing of A's.
      { method: "DELETE", path: (w) => `/api/orgs/${w.b.slug}/members/${A(w).people.EDITOR.memberId}`, expect: { otherTenant: 404 } },
    ],
  },
  "/api/orgs/[slug]/invitations/route": {
    scope: "tenant",
    cells: [{ method: "POST", path: (w) => `/api/orgs/${A(w).slug}/invitations`, body: () => ({ email: "intruder@example.com", role: "ADMIN" }), expect: { anonymous: 401, otherTenant: 404, viewer: 403 } }],
  },
  "/dashboard/[slug]/disclosure/page": tenantPage("/disclosure", 200),
  "/dashboard/[slug]/domains/page": tenantPage("/domains", 200),
  "/dashboard/[slug]/webhooks/page": tenantPage("/webhooks", 403),
  "/dashboard/[slug]/webhooks/[id]/page": {
    scope: "tenant",
    cells: [
      { method: "GET", path: (w) => `/dashboard/${A(w).slug}/webhooks/${A(w).webhookEndpointId}`, expect: { anonymous: "login", otherTenant: 404, viewer: 403 } },
      { method: "GET", path: (w) => `/dashboard/${w.b.slug}/webhooks/${A(w).webhookEndpointId}`, expect: { otherTenant: 404 } },
    ],
  },
  "/dashboard/[slug]/documents/page": tenantPage("/documents", 200),
  "/dashboard/[slug]/documents/[id]/page": {
    scope: "tenant",
    cells: [
      { method: "GET", path: (w) => `/dashboard/${A(w).slug}/documents/${A(w).documentId}`, expect: { anonymous: "login", otherTenant: 404, viewer: 200 } },
      { method: "GET", path: (w) => `/dashboard/${w.b.slug}/documents/${A(w).documentId}`, expect: { otherTenant: 404 } },
    ],
  },
  "/dashboard/[slug]/documents/upload/route": {
    scope: "tenant",
    cells: [{ method: "POST", path: (w) => `/dashboard/${A(w).slug}/documents/upload`, body: () => ({ title: "Intruder" }), upload: true, expect: { anonymous: 401, otherTenant: 404, viewer: 403 } }],
  },
  "/dashboard/[slug]/documents/[id]/versions/route": {
    scope: "tenant",
    cells: [
      { method: "POST", path: (w) => `/dashboard/${A(w).slug}/documents/${A(w).documentId}/versions`, body: () => ({ label: "v2" }), upload: true, expect: { anonymous: 401, otherTenant: 404, viewer: 403 } },
      { method: "POST", path: (w) => `/dashboard/${w.b.slug}/documents/${A(w).documentId}/versions`, body: () => ({ label: "v2" }), upload: true, expect: { otherTenant: 404 } },
    ],
  },
  "/dashboard/[slug]/documents/[id]/versions/[number]/route": {
    scope: "tenant",
    cells: [
      // The viewer is a member: allowed past the gate (the fixture has no stored file, so the
      // integrity check answers 500); outsiders never get that far.
      { method: "GET", path: (w) => `/dashboard/${A(w).slug}/documents/${A(w).documentId}/versions/1`, expect: { anonymous: "login", otherTenant: 404 } },
      { method: "GET", path: (w) => `/dashboard/${w.b.slug}/documents/${A(w).documentId}/versions/1`, expect: { otherTenant: 404 } },
    ],
  },
  "/dashboard/[slug]/publish/page": tenantPage("/publish", 200),
  "/dashboard/[slug]/publish/preview/route": {
    scope: "tenant",
    cells: [{ method: "GET", path: (w) => `/dashboard/${A(w).slug}/publish/preview`, expect: { anonymous: "login", otherTenant: 404, viewer: 200 } }],
  },
  "/dashboard/[slug]/publish/preview/logo/route": {
    scope: "tenant",
    cells: [{ method: "GET", path: (w) => `/dashboard/${A(w).slug}/publish/preview/logo`, expect: { anonymous: 401, otherTenant: 404, viewer: 404 } }],
  },
  "/dashboard/[slug]/reviews/page": tenantPage("/reviews", 200),
  "/dashboard/[slug]/reviews/new/page": tenantPage("/reviews/new", 403),
  "/dashboard/[slug]/reviews/[id]/page": {
    scope: "tenant",
    cells: [
      { method: "GET", path: (w) => `/dashboard/${A(w).slug}/reviews/${A(w).reviewId}`, expect: { anonymous: "login", otherTenant: 404, viewer: 200 } },
      { method: "GET", path: (w) => `/dashboard/${w.b.slug}/reviews/${A(w).reviewId}`, expect: { otherTenant: 404 } },
    ],
  },
  "/dashboard/[slug]/transfer/page": tenantPage("/transfer", 200),
  "/dashboard/[slug]/transfer/export/route": {
    scope: "tenant",
    cells: [{ method: "GET", path: (w) => `/dashboard/${A(w).slug}/transfer/export?format=json`, expect: { anonymous: "login", otherTenant: 404, viewer: 200 } }],
  },
  "/dashboard/[slug]/transfer/import/route": {
    scope: "tenant",
    cells: [
      {
        method: "POST",
        path: (w) => `/dashboard/${A(w).slug}/transfer/import`,
        body: () => ({ mode: "apply", format: "controls-csv", text: "ref,domain,title,status\nAC-01,Access Control,Defaced,Planned" }),
        expect: { anonymous: 401, otherTenant: 404, viewer: 403 },
      },
    ],
  },
  "/schemas/candor-export-v1.json/route": { scope: "public", why: "the export format's JSON Schema", cells: [{ method: "GET", path: () => "/schemas/candor-export-v1.json", expect: { anonymous: 200 } }] },
  "/dashboard/[slug]/controls/page": tenantPage("/controls", 200),
  "/dashboard/[slug]/controls/new/page": tenantPage("/controls/new", 403),
  "/dashboard/[slug]/controls/areas/page": tenantPage("/controls/areas", 200),
  "/dashboard/[slug]/controls/[id]/page": {
    scope: "tenant",
    cells: [
      { method: "GET", path: (w) => `/dashboard/${A(w).slug}/controls/${A(w).controlId}`, expect: { anonymous: "login", otherTenant: 404, viewer: 200 } },
      // B's owner asking for A's control under B's own slug: still 404.
      { method: "GET", path: (w) => `/dashboard/${w.b.slug}/controls/${A(w).controlId}`, expect: { otherTenant: 404 } },
    ],
  },
  "/dashboard/[slug]/[type]/page": tenantPage("/faqs", 200),
  "/dashboard/[slug]/[type]/new/page": tenantPage("/faqs/new", 403),
  "/dashboard/[slug]/[type]/[id]/page": {
    scope: "tenant",
    cells: [
      { method: "GET", path: (w) => `/dashboard/${A(w).slug}/faqs/${A(w).faqId}`, expect: { anonymous: "login", otherTenant: 404, viewer: 200 } },
      { method: "GET", path: (w) => `/dashboard/${w.b.slug}/faqs/${A(w).faqId}`, expect: { otherTenant: 404 } },
    ],
  },
  // Prospect access (ADR 029): reviewers (owners, admins, editors) only; a viewer gets 403, an outsider 404.
  "/dashboard/[slug]/access/page": tenantPage("/access", 403),
  "/dashboard/[slug]/access/grants/page": tenantPage("/access/grants", 403),
  "/dashboard/[slug]/access/grants/[id]/page": {
    scope: "tenant",
    cells: [
      { method: "GET", path: (w) => `/dashboard/${A(w).slug}/access/grants/${A(w).accessGrantId}`, expect: { anonymous: "login", otherTenant: 404, viewer: 403 } },
      { method: "GET", path: (w) => `/dashboard/${w.b.slug}/access/grants/${A(w).accessGrantId}`, expect: { otherTenant: 404 } },
    ],
  },
  "/dashboard/[slug]/access/settings/page": tenantPage("/access/settings", 403),
  // One's own alerts (alerts.own): every member opens the page; a viewer sees that their role receives none.
  "/dashboard/[slug]/account-alerts/page": tenantPage("/account-alerts", 200),
  "/dashboard/[slug]/access/downloads/page": tenantPage("/access/downloads", 403),
  "/dashboard/[slug]/access/downloads.csv/route": {
    scope: "tenant",
    cells: [{ method: "GET", path: (w) => `/dashboard/${A(w).slug}/access/downloads.csv`, expect: { anonymous: "login", otherTenant: 404, viewer: 403 } }],
  },
  // A certificate of NDA acceptance (ADR 029, addendum E): reviewers only; B's owner naming A's acceptance under B's slug gets 404 too.
  // Subscribers (ADR 030): owners, admins and editors read; the export is an owner's or admin's.
  "/dashboard/[slug]/subscribers/page": tenantPage("/subscribers", 403),
  "/dashboard/[slug]/subscribers/export.csv/route": {
    scope: "tenant",
    cells: [{ method: "GET", path: (w) => `/dashboard/${A(w).slug}/subscribers/export.csv`, expect: { anonymous: "login", otherTenant: 404, viewer: 403, editor: 403 } }],
  },
  // Subprocessor notices and objections (ADR 031): owners, admins and editors read; a viewer 403. The
  // CSV asks for a recent verification past the gate; B's owner naming A's change under B's slug gets 404.
  "/dashboard/[slug]/subprocessors/changes/page": tenantPage("/subprocessors/changes", 403),
  "/dashboard/[slug]/subprocessors/objections/page": tenantPage("/subprocessors/objections", 403),
  "/dashboard/[slug]/subprocessors/changes/[id]/notified.csv/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: (w) => `/dashboard/${A(w).slug}/subprocessors/changes/${A(w).subprocessorChangeId}/notified.csv`, expect: { anonymous: "login", otherTenant: 404, viewer: 403 } },
      { method: "GET", path: (w) => `/dashboard/${w.b.slug}/subprocessors/changes/${A(w).subprocessorChangeId}/notified.csv`, expect: { otherTenant: 404 } },
    ],
  },
  "/dashboard/[slug]/access/acceptances/[id]/certificate.pdf/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: (w) => `/dashboard/${A(w).slug}/access/acceptances/${A(w).ndaAcceptanceId}/certificate.pdf`, expect: { anonymous: "login", otherTenant: 404, viewer: 403 } },
      { method: "GET", path: (w) => `/dashboard/${w.b.slug}/access/acceptances/${A(w).ndaAcceptanceId}/certificate.pdf`, expect: { otherTenant: 404 } },
      { method: "GET", path: (w) => `/dashboard/${w.b.slug}/access/acceptances/not-an-id/certificate.pdf`, expect: { otherTenant: 404 } },
    ],
  },
  "/dashboard/page": { scope: "user", why: "lists the signed-in person's own organisations", cells: [{ method: "GET", path: () => "/dashboard", expect: { anonymous: "login" } }] },
  "/dashboard/new/page": { scope: "user", why: "creates a new organisation of one's own", cells: [{ method: "GET", path: () => "/dashboard/new", expect: { anonymous: "login" } }] },
  "/dashboard/account/page": { scope: "user", why: "one's own sessions", cells: [{ method: "GET", path: () => "/dashboard/account", expect: { anonymous: "login" } }] },
  "/dashboard/account/security/page": { scope: "user", why: "one's own second factor", cells: [{ method: "GET", path: () => "/dashboard/account/security", expect: { anonymous: "login" } }] },
  "/dashboard/verify/page": { scope: "user", why: "one's own fresh verification", cells: [{ method: "GET", path: () => "/dashboard/verify", expect: { anonymous: "login" } }] },
  // Public surfaces read publications only. A has never published: nothing of its draft shows.
  "/t/[slug]/route": { scope: "public", why: "the public trust page", cells: [{ method: "GET", path: (w) => `/t/${A(w).slug}`, expect: { anonymous: 404, otherTenant: 404 } }] },
  "/t/[slug]/trust.json/route": { scope: "public", why: "the signed publication", cells: [{ method: "GET", path: (w) => `/t/${A(w).slug}/trust.json`, expect: { anonymous: 404 } }] },
  "/t/[slug]/.well-known/security.txt/route": { scope: "public", why: "RFC 9116 from the publication", cells: [{ method: "GET", path: (w) => `/t/${A(w).slug}/.well-known/security.txt`, expect: { anonymous: 404 } }] },
  "/t/[slug]/changelog/route": { scope: "public", why: "publication history", cells: [{ method: "GET", path: (w) => `/t/${A(w).slug}/changelog`, expect: { anonymous: 200 } }] },
  "/t/[slug]/feed.xml/route": { scope: "public", why: "Atom feed of publications", cells: [{ method: "GET", path: (w) => `/t/${A(w).slug}/feed.xml`, expect: { anonymous: 200 } }] },
  "/t/[slug]/verify/route": { scope: "public", why: "verification instructions", cells: [{ method: "GET", path: (w) => `/t/${A(w).slug}/verify`, expect: { anonymous: 200 } }] },
  "/t/[slug]/assets/[sha256]/route": { scope: "public", why: "published, content-addressed assets", cells: [{ method: "GET", path: (w) => `/t/${A(w).slug}/assets/${"0".repeat(64)}`, expect: { anonymous: 404 } }] },
  "/t/[slug]/documents/[id]/[number]/route": {
    scope: "public",
    why: "a document the live publication lists as public; A's (unpublished) document is not",
    cells: [{ method: "GET", path: (w) => `/t/${A(w).slug}/documents/${A(w).documentId}/1`, expect: { anonymous: 404, otherTenant: 404, viewer: 404 } }],
  },
  // The read-only MCP server over the live publication (ADR 036): no session is read, so every actor
  // gets what anyone gets; A has never published, so there is nothing to answer from (404). GET is
  // refused (405): the server is stateless, without a stream.
  "/t/[slug]/mcp/route": {
    scope: "public",
    why: "read-only JSON-RPC over the live publication, the same for everyone; no cookie or key is read",
    cells: [
      { method: "POST", path: (w) => `/t/${A(w).slug}/mcp`, body: () => ({ jsonrpc: "2.0", id: "1", method: "tools/list" }), expect: { anonymous: 404, otherTenant: 404, viewer: 404 } },
      { method: "GET", path: (w) => `/t/${A(w).slug}/mcp`, expect: { anonymous: 405, otherTenant: 405 } },
    ],
  },
  // The prospect's access pages (ADR 029). A has never published: there is nothing to ask for
  // (404). Sign-out ends only the session of the cookie sent, and sends the browser back (303).
  "/t/[slug]/access/route": {
    scope: "public",
    why: "the request form of a published trust center; requests are stored in the organisation's scope, never shown back",
    cells: [
      { method: "GET", path: (w) => `/t/${A(w).slug}/access`, expect: { anonymous: 404, otherTenant: 404 } },
      { method: "POST", path: (w) => `/t/${A(w).slug}/access`, body: () => ({ email: "intruder@example.com", fullName: "X", company: "Y" }), expect: { anonymous: 404, otherTenant: 404 } },
    ],
  },
  "/t/[slug]/access/verify/route": {
    scope: "public",
    why: "confirms an address only with its 256-bit mailed token",
    cells: [
      { method: "GET", path: (w) => `/t/${A(w).slug}/access/verify?token=${"0".repeat(64)}`, expect: { anonymous: 404 } },
      { method: "POST", path: (w) => `/t/${A(w).slug}/access/verify`, body: () => ({ token: "0".repeat(64) }), expect: { anonymous: 404 } },
    ],
  },
  // Objections to upcoming subprocessor changes (ADR 031). A has never published: nothing to object to (404).
  "/t/[slug]/subprocessors/object/route": {
    scope: "public",
    why: "the objection form of a published change; objections are stored in the organisation's scope, never shown back",
    cells: [
      { method: "GET", path: (w) => `/t/${A(w).slug}/subprocessors/object?change=00000000-0000-4000-8000-000000000000`, expect: { anonymous: 404, otherTenant: 404 } },
      { method: "POST", path: (w) => `/t/${A(w).slug}/subprocessors/object`, body: () => ({ change: "00000000-0000-4000-8000-000000000000", email: "intruder@example.com", company: "X", reason: "Y" }), expect: { anonymous: 404, otherTenant: 404 } },
    ],
  },
  "/t/[slug]/subprocessors/object/verify/route": {
    scope: "public",
    why: "confirms an objection only with its 256-bit mailed token",
    cells: [
      { method: "GET", path: (w) => `/t/${A(w).slug}/subprocessors/object/verify?token=${"0".repeat(64)}`, expect: { anonymous: 404 } },
      { method: "POST", path: (w) => `/t/${A(w).slug}/subprocessors/object/verify`, body: () => ({ token: "0".repeat(64) }), expect: { anonymous: 404 } },
    ],
  },
  "/t/[slug]/access/open/route": {
    scope: "public",
    why: "opens a grantee session only with a 256-bit access link made for this host",
    cells: [
      { method: "GET", path: (w) => `/t/${A(w).slug}/access/open?token=${"0".repeat(64)}`, expect: { anonymous: 404 } },
      { method: "POST", path: (w) => `/t/${A(w).slug}/access/open`, body: () => ({ token: "0".repeat(64) }), expect: { anonymous: 404, otherTenant: 404 } },
    ],
  },
  "/t/[slug]/access/new-link/route": {
    scope: "public",
    why: "the same answer for every address; the link goes only to a grantee's own inbox",
    cells: [
      { method: "GET", path: (w) => `/t/${A(w).slug}/access/new-link`, expect: { anonymous: 404 } },
      { method: "POST", path: (w) => `/t/${A(w).slug}/access/new-link`, body: () => ({ email: "intruder@example.com" }), expect: { anonymous: 404 } },
    ],
  },
  "/t/[slug]/access/nda/route": {
    scope: "public",
    why: "a grantee accepts an NDA version within their own session on this host",
    cells: [{ method: "POST", path: (w) => `/t/${A(w).slug}/access/nda`, body: () => ({ ndaVersionId: "0".repeat(64), ndaAgree: "yes" }), expect: { anonymous: 404, otherTenant: 404 } }],
  },
  "/t/[slug]/access/documents/[id]/route": {
    scope: "public",
    why: "an NDA document only for a grantee session on this host whose grant covers it; a member's session (even A's own viewer) is not a grantee session",
    cells: [{ method: "GET", path: (w) => `/t/${A(w).slug}/access/documents/${A(w).documentId}`, expect: { anonymous: 404, otherTenant: 404, viewer: 404 } }],
  },
  "/t/[slug]/access/certificate/route": {
    scope: "public",
    why: "a grantee's own certificate of NDA acceptance, only for a grantee session on this host, of its own grant; a member's session (even A's own viewer) is not a grantee session",
    cells: [
      { method: "GET", path: (w) => `/t/${A(w).slug}/access/certificate`, expect: { anonymous: 404, otherTenant: 404, viewer: 404 } },
      { method: "GET", path: (w) => `/t/${A(w).slug}/access/certificate?id=${A(w).ndaAcceptanceId}`, expect: { anonymous: 404, otherTenant: 404, viewer: 404 } },
    ],
  },
  "/t/[slug]/access/downloads/route": {
    scope: "public",
    why: "a grantee's own downloads, only for a grantee session on this host; a member's session (even A's own viewer) is not a grantee session",
    cells: [{ method: "GET", path: (w) => `/t/${A(w).slug}/access/downloads`, expect: { anonymous: 404, otherTenant: 404, viewer: 404 } }],
  },
  "/t/[slug]/access/sign-out/route": {
    scope: "public",
    why: "ends only the session whose cookie the browser holds",
    cells: [{ method: "POST", path: (w) => `/t/${A(w).slug}/access/sign-out`, expect: { anonymous: 303 } }],
  },
  // The subscriber's pages (issue 13, ADR 030). A has never published: nothing to subscribe to
  // (404), and a confirmation token or a signed link that is not one is refused the same way.
  "/t/[slug]/subscribe/route": {
    scope: "public",
    why: "the subscribe form of a published trust center; subscribers are stored in the organisation's scope, never shown back",
    cells: [
      { method: "GET", path: (w) => `/t/${A(w).slug}/subscribe`, expect: { anonymous: 404, otherTenant: 404 } },
      { method: "POST", path: (w) => `/t/${A(w).slug}/subscribe`, body: () => ({ email: "intruder@example.com", topics: "all" }), expect: { anonymous: 404, otherTenant: 404 } },
    ],
  },
  "/t/[slug]/subscribe/confirm/route": {
    scope: "public",
    why: "confirms a subscription only with its 256-bit mailed token",
    cells: [
      { method: "GET", path: (w) => `/t/${A(w).slug}/subscribe/confirm?token=${"0".repeat(64)}`, expect: { anonymous: 404 } },
      { method: "POST", path: (w) => `/t/${A(w).slug}/subscribe/confirm`, body: () => ({ token: "0".repeat(64) }), expect: { anonymous: 404 } },
    ],
  },
  "/t/[slug]/subscribe/manage/route": {
    scope: "public",
    why: "shows and changes one subscriber's topics only with a link signed for that subscriber",
    cells: [
      { method: "GET", path: (w) => `/t/${A(w).slug}/subscribe/manage?s=${A(w).subscriberId}.forged`, expect: { anonymous: 404, otherTenant: 404 } },
      { method: "POST", path: (w) => `/t/${A(w).slug}/subscribe/manage?s=${A(w).subscriberId}.forged`, body: () => ({ topics: "all" }), expect: { anonymous: 404, otherTenant: 404 } },
    ],
  },
  "/t/[slug]/unsubscribe/route": {
    scope: "public",
    why: "unsubscribes one subscriber only with a link signed for that subscriber (RFC 8058 one-click: no Origin, no cookie)",
    cells: [
      { method: "GET", path: (w) => `/t/${A(w).slug}/unsubscribe?s=${A(w).subscriberId}.forged`, expect: { anonymous: 404 } },
      { method: "POST", path: (w) => `/t/${A(w).slug}/unsubscribe?s=${A(w).subscriberId}.forged`, body: () => ({ "List-Unsubscribe": "One-Click" }), expect: { anonymous: 404, otherTenant: 404 } },
    ],
  },
  "/schemas/trust-v1.json/route": { scope: "public", why: "the publication format's JSON Schema", cells: [{ method: "GET", path: () => "/schemas/trust-v1.json", expect: { anonymous: 200 } }] },
  "/page": { scope: "public", why: "the start page" },
  "/invite/page": { scope: "public", why: "shows an invitation only to whoever holds its 256-bit token" },
  "/invite/accept/route": { scope: "public", why: "accepts only with the token", cells: [{ method: "POST", path: () => "/invite/accept", body: () => ({ token: "0".repeat(64) }), expect: { anonymous: 303 } }] },
  "/(auth)/login/page": { scope: "auth", why: "sign-in: no tenant data" },
  "/(auth)/login/check-email/page": { scope: "auth", why: "sign-in: no tenant data" },
  "/(auth)/login/confirm/page": { scope: "auth", why: "sign-in: no tenant data" },
  "/(auth)/login/error/page": { scope: "auth", why: "sign-in: no tenant data" },
  "/(auth)/login/mfa/page": { scope: "auth", why: "sign-in: no tenant data" },
  "/auth/sign-in/route": { scope: "auth", why: "sign-in: no tenant data" },
  "/auth/code/route": { scope: "auth", why: "sign-in: no tenant data" },
  "/auth/confirm/route": { scope: "auth", why: "sign-in: no tenant data" },
  "/auth/sign-out/route": { scope: "auth", why: "ends one's own session" },
  "/dev/mailbox/page": { scope: "dev", why: "exists only with EMAIL_TRANSPORT=mailbox on a loopback APP_URL (src/server/env.ts)" },
  "/dev/mailbox/[id]/page": { scope: "dev", why: "as /dev/mailbox" },
  "/api/health/route": { scope: "platform", why: "database reachability, no tenant data" },
  "/api/webhooks/resend/route": {
    scope: "platform",
    why: "Resend's bounce and complaint events (issue 13): no session, the Svix signature is the authentication; without one, 401 and nothing recorded for anyone",
    cells: [{ method: "POST", path: () => "/api/webhooks/resend", body: () => ({ type: "email.bounced", to: "victim@example.com" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } }],
  },
  // The REST API (ADR 035) takes a bearer API key only: every cookie-carrying actor here (A's viewer, B's owner) is
  // a 401 exactly like an anonymous caller, and preflights are 405. The key-holding actors (B's key on A's ids → 404,
  // a read-only key on writes → 403, revoked/expired → 401) are cells of tests/integration/api-*.test.ts.
  "/api/v1/organization/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/organization", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "OPTIONS", path: () => "/api/v1/organization", expect: { anonymous: 405 } },
    ],
  },
  "/api/v1/controls/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/controls", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "POST", path: () => "/api/v1/controls", body: () => ({ ref: "AC-99", area: "X", title: "Defaced", status: "PLANNED" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/api/v1/controls/[id]/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: (w) => `/api/v1/controls/${A(w).controlId}`, expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "PUT", path: (w) => `/api/v1/controls/${A(w).controlId}`, body: () => ({ ref: "AC-99", area: "X", title: "Defaced", status: "PLANNED" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "DELETE", path: (w) => `/api/v1/controls/${A(w).controlId}`, expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/api/v1/control-areas/route": {
    scope: "tenant",
    cells: [{ method: "GET", path: () => "/api/v1/control-areas", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } }],
  },
  "/api/v1/publications/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/publications", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "POST", path: () => "/api/v1/publications", body: () => ({}), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/api/v1/publications/[seq]/route": {
    scope: "tenant",
    cells: [{ method: "GET", path: () => "/api/v1/publications/1", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } }],
  },
  "/api/v1/publications/[seq]/diff/route": {
    scope: "tenant",
    cells: [{ method: "GET", path: () => "/api/v1/publications/1/diff", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } }],
  },
  "/api/v1/subprocessors/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/subprocessors", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "POST", path: () => "/api/v1/subprocessors", body: () => ({ vendor: "Defaced", purpose: "x", location: "x" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/api/v1/subprocessors/[id]/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/subprocessors/00000000-0000-4000-8000-000000000000", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "PUT", path: () => "/api/v1/subprocessors/00000000-0000-4000-8000-000000000000", body: () => ({ vendor: "Defaced", purpose: "x", location: "x" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/api/v1/faqs/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/faqs", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "POST", path: () => "/api/v1/faqs", body: () => ({ question: "Defaced?", answer: "x" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/api/v1/faqs/[id]/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/faqs/00000000-0000-4000-8000-000000000000", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "PUT", path: () => "/api/v1/faqs/00000000-0000-4000-8000-000000000000", body: () => ({ question: "Defaced?", answer: "x" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "DELETE", path: () => "/api/v1/faqs/00000000-0000-4000-8000-000000000000", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/api/v1/updates/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/updates", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "POST", path: () => "/api/v1/updates", body: () => ({ title: "Defaced", body: "x", publishedAt: "2026-11-02" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/api/v1/updates/[id]/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/updates/00000000-0000-4000-8000-000000000000", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "PUT", path: () => "/api/v1/updates/00000000-0000-4000-8000-000000000000", body: () => ({ title: "Defaced", body: "x", publishedAt: "2026-11-02" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "DELETE", path: () => "/api/v1/updates/00000000-0000-4000-8000-000000000000", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/api/v1/sections/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/sections", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "POST", path: () => "/api/v1/sections", body: () => ({ title: "Defaced", body: "x" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/api/v1/sections/[id]/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/sections/00000000-0000-4000-8000-000000000000", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "PUT", path: () => "/api/v1/sections/00000000-0000-4000-8000-000000000000", body: () => ({ title: "Defaced", body: "x" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "DELETE", path: () => "/api/v1/sections/00000000-0000-4000-8000-000000000000", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/api/v1/documents/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/documents", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "POST", path: () => "/api/v1/documents", body: () => ({ title: "Defaced" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/api/v1/documents/[id]/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/documents/00000000-0000-4000-8000-000000000000", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "PUT", path: (w) => `/api/v1/documents/${A(w).documentId}`, body: () => ({ title: "Defaced" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "DELETE", path: (w) => `/api/v1/documents/${A(w).documentId}`, expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/api/v1/documents/[id]/versions/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: (w) => `/api/v1/documents/${A(w).documentId}/versions`, expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "POST", path: (w) => `/api/v1/documents/${A(w).documentId}/versions`, body: () => ({ label: "Defaced" }), upload: true, expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  // Issue 14, part 3. The e2e actors carry cookies, never keys: every cell is a 401. The key-holding
  // cells (B's key on A's ids → 404, a read-only key → 403, revoked or expired → 401) are in
  // tests/integration/api-reviews.test.ts, api-publication-requests.test.ts, api-webhooks.test.ts and api-documents.test.ts.
  "/api/v1/reviews/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/reviews", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "POST", path: () => "/api/v1/reviews", body: () => ({ title: "Defaced", reviewedAt: "2026-11-02" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/api/v1/reviews/[id]/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/reviews/00000000-0000-4000-8000-000000000000", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "PUT", path: () => "/api/v1/reviews/00000000-0000-4000-8000-000000000000", body: () => ({ title: "Defaced", reviewedAt: "2026-11-02" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "DELETE", path: () => "/api/v1/reviews/00000000-0000-4000-8000-000000000000", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/api/v1/reviews/[id]/items/route": {
    scope: "tenant",
    cells: [{ method: "POST", path: () => "/api/v1/reviews/00000000-0000-4000-8000-000000000000/items", body: () => ({ area: "X", question: "Defaced?" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } }],
  },
  "/api/v1/review-items/[id]/route": {
    scope: "tenant",
    cells: [
      { method: "PUT", path: () => "/api/v1/review-items/00000000-0000-4000-8000-000000000000", body: () => ({ result: "FAIL" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "DELETE", path: () => "/api/v1/review-items/00000000-0000-4000-8000-000000000000", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/api/v1/publication-requests/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/publication-requests", expect: { anonymous: 401, otherTenant: 401, viewer: 401, editor: 401 } },
      { method: "POST", path: () => "/api/v1/publication-requests", body: () => ({ note: "x" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401, editor: 401 } },
    ],
  },
  "/api/v1/publication-requests/[id]/route": {
    scope: "tenant",
    cells: [{ method: "GET", path: () => "/api/v1/publication-requests/00000000-0000-4000-8000-000000000000", expect: { anonymous: 401, otherTenant: 401, viewer: 401, editor: 401 } }],
  },
  "/api/v1/publication-requests/[id]/approval/route": {
    scope: "tenant",
    cells: [{ method: "POST", path: () => "/api/v1/publication-requests/00000000-0000-4000-8000-000000000000/approval", body: () => ({}), expect: { anonymous: 401, otherTenant: 401, viewer: 401, editor: 401 } }],
  },
  "/api/v1/publication-requests/[id]/rejection/route": {
    scope: "tenant",
    cells: [{ method: "POST", path: () => "/api/v1/publication-requests/00000000-0000-4000-8000-000000000000/rejection", body: () => ({ reason: "x" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401, editor: 401 } }],
  },
  "/api/v1/webhooks/[id]/test/route": {
    scope: "tenant",
    cells: [{ method: "POST", path: (w) => `/api/v1/webhooks/${A(w).webhookEndpointId}/test`, expect: { anonymous: 401, otherTenant: 401, viewer: 401 } }],
  },
  "/api/v1/webhooks/[id]/secret/route": {
    scope: "tenant",
    cells: [{ method: "POST", path: (w) => `/api/v1/webhooks/${A(w).webhookEndpointId}/secret`, body: () => ({}), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } }],
  },
  "/api/v1/webhooks/[id]/deliveries/route": {
    scope: "tenant",
    cells: [{ method: "GET", path: (w) => `/api/v1/webhooks/${A(w).webhookEndpointId}/deliveries`, expect: { anonymous: 401, otherTenant: 401, viewer: 401 } }],
  },
  "/api/v1/documents/[id]/versions/[number]/file/route": {
    scope: "tenant",
    cells: [{ method: "GET", path: () => "/api/v1/documents/00000000-0000-4000-8000-000000000000/versions/1/file", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } }],
  },
  "/api/v1/grants/route": {
    scope: "tenant",
    cells: [{ method: "GET", path: () => "/api/v1/grants", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } }],
  },
  "/api/v1/grants/[id]/route": {
    scope: "tenant",
    cells: [{ method: "GET", path: () => "/api/v1/grants/00000000-0000-4000-8000-000000000000", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } }],
  },
  "/api/v1/grants/[id]/revocation/route": {
    scope: "tenant",
    cells: [{ method: "POST", path: () => "/api/v1/grants/00000000-0000-4000-8000-000000000000/revocation", body: () => ({}), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } }],
  },
  "/api/v1/subscribers/route": {
    scope: "tenant",
    cells: [{ method: "GET", path: () => "/api/v1/subscribers", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } }],
  },
  "/api/v1/subscribers/export.csv/route": {
    scope: "tenant",
    cells: [{ method: "GET", path: () => "/api/v1/subscribers/export.csv", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } }],
  },
  "/api/v1/subscribers/[id]/route": {
    scope: "tenant",
    cells: [{ method: "DELETE", path: () => "/api/v1/subscribers/00000000-0000-4000-8000-000000000000", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } }],
  },
  "/api/v1/webhooks/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/webhooks", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "POST", path: () => "/api/v1/webhooks", body: () => ({ url: "https://evil.example/hook", events: "grant.revoked" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/api/v1/webhooks/[id]/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/webhooks/00000000-0000-4000-8000-000000000000", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "PUT", path: () => "/api/v1/webhooks/00000000-0000-4000-8000-000000000000", body: () => ({ url: "https://evil.example/hook", events: "grant.revoked" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "DELETE", path: () => "/api/v1/webhooks/00000000-0000-4000-8000-000000000000", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/docs/api/page": { scope: "public", why: "the API reference, rendered from the OpenAPI document: no tenant data", cells: [{ method: "GET", path: () => "/docs/api", expect: { anonymous: 200 } }] },
  "/docs/api/scalar.js/route": { scope: "public", why: "the reference viewer's script (a pinned npm bundle)", cells: [{ method: "GET", path: () => "/docs/api/scalar.js", expect: { anonymous: 200 } }] },
  "/api/v1/access-requests/route": {
    scope: "tenant",
    cells: [{ method: "GET", path: () => "/api/v1/access-requests", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } }],
  },
  "/api/v1/access-requests/[id]/decision/route": {
    scope: "tenant",
    cells: [{ method: "POST", path: () => "/api/v1/access-requests/00000000-0000-4000-8000-000000000000/decision", body: () => ({ decision: "deny", reason: "x" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } }],
  },
  "/api/v1/controls/[id]/evidence/route": {
    scope: "tenant",
    cells: [{ method: "POST", path: (w) => `/api/v1/controls/${A(w).controlId}/evidence`, body: () => ({ label: "x", kind: "URL", target: "https://evil.example" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } }],
  },
  "/api/v1/evidence/[id]/route": {
    scope: "tenant",
    cells: [{ method: "DELETE", path: (w) => `/api/v1/evidence/${A(w).evidenceId}`, expect: { anonymous: 401, otherTenant: 401, viewer: 401 } }],
  },
  "/api/v1/frameworks/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/frameworks", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "POST", path: () => "/api/v1/frameworks", body: () => ({ name: "Defaced", status: "CERTIFIED" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/api/v1/frameworks/[id]/route": {
    scope: "tenant",
    cells: [
      { method: "GET", path: () => "/api/v1/frameworks/00000000-0000-4000-8000-000000000000", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "PUT", path: () => "/api/v1/frameworks/00000000-0000-4000-8000-000000000000", body: () => ({ name: "Defaced", status: "CERTIFIED" }), expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
      { method: "DELETE", path: () => "/api/v1/frameworks/00000000-0000-4000-8000-000000000000", expect: { anonymous: 401, otherTenant: 401, viewer: 401 } },
    ],
  },
  "/api/v1/openapi.json/route": { scope: "public", why: "the API's OpenAPI document: no tenant data", cells: [{ method: "GET", path: () => "/api/v1/openapi.json", expect: { anonymous: 200 } }] },
  "/dashboard/[slug]/api-keys/page": tenantPage("/api-keys", 403),
  "/robots.txt/route": { scope: "public", why: "crawler rules", cells: [{ method: "GET", path: () => "/robots.txt", expect: { anonymous: 200 } }] },
  "/icon.svg/route": { scope: "public", why: "the favicon", cells: [{ method: "GET", path: () => "/icon.svg", expect: { anonymous: 200 } }] },
  "/_not-found/page": { scope: "framework", why: "Next.js" },
  "/_global-error/page": { scope: "framework", why: "Next.js" },
};

/**
 * Server actions, keyed "<file>#<export>". A call sends the bound arguments, then the form's
 * previous state, then (if `form`) the FormData, exactly as React's client encodes them.
 */
export type ActionRow =
  | {
      scope: "tenant";
      page: (w: World) => string;
      bound: (w: World) => unknown[];
      form?: (w: World) => Record<string, string>;
      expect: Partial<Record<Actor, string>>;
      /** The same call by B's owner under B's own slug, naming A's object: must find nothing. */
      idor?: (w: World) => unknown[];
    }
  | { scope: "user"; why: string; page: () => string; bound?: () => unknown[]; form?: () => Record<string, string> };

const membersPage = (w: World) => `/dashboard/${A(w).slug}/members`;
const tenantWrite = (form: ((w: World) => Record<string, string>) | undefined, page = membersPage, bound: (w: World, slug: string) => unknown[] = (_w, slug) => [slug], idor = false): ActionRow => ({
  scope: "tenant",
  page,
  bound: (w) => bound(w, A(w).slug),
  form,
  expect: { anonymous: "unauthenticated", otherTenant: "not_found", viewer: "forbidden" },
  ...(idor ? { idor: (w: World) => bound(w, w.b.slug) } : {}),
});
/** A write only owners and admins may make, which A's editor must be refused too. */
const ownersOnly = (row: ActionRow): ActionRow => (row.scope === "tenant" ? { ...row, expect: { ...row.expect, editor: "forbidden" } } : row);
const controlsPage = (w: World) => `/dashboard/${A(w).slug}/controls`;
const faqsPage = (w: World) => `/dashboard/${A(w).slug}/faqs`;
const reviewsPage = (w: World) => `/dashboard/${A(w).slug}/reviews`;
const domainsPage = (w: World) => `/dashboard/${A(w).slug}/domains`;
const webhooksPage = (w: World) => `/dashboard/${A(w).slug}/webhooks`;
const webhook = (w: World, slug: string) => [slug, A(w).webhookEndpointId];
const accessPage = (w: World) => `/dashboard/${A(w).slug}/access`;
const accessSettingsPage = (w: World) => `/dashboard/${A(w).slug}/access/settings`;

export const ACTIONS: Record<string, ActionRow> = {
  "src/modules/members/actions.ts#inviteAction": tenantWrite(() => ({ email: "intruder@example.com", role: "ADMIN" })),
  "src/modules/members/actions.ts#resendInvitationAction": tenantWrite((w) => ({ invitationId: A(w).invitationId })),
  "src/modules/members/actions.ts#revokeInvitationAction": tenantWrite((w) => ({ invitationId: A(w).invitationId })),
  "src/modules/members/actions.ts#changeRoleAction": tenantWrite((w) => ({ memberId: A(w).people.EDITOR.memberId, role: "OWNER" })),
  "src/modules/members/actions.ts#removeMemberAction": tenantWrite((w) => ({ memberId: A(w).people.EDITOR.memberId })),
  "src/modules/members/actions.ts#leaveAction": {
    // Leaving is one's own choice, so A's viewer may; an outsider may not.
    scope: "tenant",
    page: membersPage,
    bound: (w) => [A(w).slug],
    expect: { anonymous: "unauthenticated", otherTenant: "not_found" },
  },
  "src/modules/organizations/actions.ts#updateSettingsAction": tenantWrite(
    () => ({ name: "Defaced", overview: "pwned", version: "1" }),
    (w) => `/dashboard/${A(w).slug}/settings`,
  ),
  "src/modules/audit/actions.ts#verifyChainAction": {
    scope: "tenant",
    page: (w) => `/dashboard/${A(w).slug}/audit`,
    bound: (w) => [A(w).slug],
    expect: { anonymous: "unauthenticated", otherTenant: "not_found", viewer: "forbidden" },
  },
  "src/modules/content/actions.ts#saveItemAction": tenantWrite(() => ({ question: "Defaced?", answer: "pwned", visibility: "PUBLIC", version: "1" }), faqsPage, (w, slug) => [slug, "faqs", A(w).faqId], true),
  "src/modules/content/actions.ts#deleteItemAction": tenantWrite(() => ({ version: "1" }), faqsPage, (w, slug) => [slug, "faqs", A(w).faqId], true),
  "src/modules/content/actions.ts#moveItemAction": tenantWrite((w) => ({ move: `${A(w).faqId}:down` }), faqsPage, (_w, slug) => [slug, "faqs"], true),
  "src/modules/controls/actions.ts#saveControlAction": tenantWrite(
    () => ({ ref: "AC-01", area: "Access Control", title: "Defaced", status: "PLANNED", visibility: "PUBLIC", reviewCadenceDays: "365", version: "1" }),
    controlsPage,
    (w, slug) => [slug, A(w).controlId],
    true,
  ),
  "src/modules/controls/actions.ts#deleteControlAction": tenantWrite(() => ({ version: "1" }), controlsPage, (w, slug) => [slug, A(w).controlId], true),
  "src/modules/controls/actions.ts#bulkControlsAction": tenantWrite((w) => ({ ids: A(w).controlId, bulkStatus: "PLANNED" }), controlsPage, undefined, true),
  "src/modules/controls/actions.ts#markReviewedAction": tenantWrite((w) => ({ ids: A(w).controlId }), controlsPage, undefined, true),
  "src/modules/controls/actions.ts#moveControlAction": tenantWrite((w) => ({ move: `${A(w).controlId}:down` }), controlsPage, undefined, true),
  "src/modules/controls/actions.ts#addEvidenceAction": tenantWrite(() => ({ label: "x", kind: "URL", target: "https://evil.example", visibility: "PUBLIC" }), controlsPage, (w, slug) => [slug, A(w).controlId], true),
  "src/modules/controls/actions.ts#removeEvidenceAction": tenantWrite(undefined, controlsPage, (w, slug) => [slug, A(w).controlId, A(w).evidenceId], true),
  "src/modules/controls/actions.ts#moveEvidenceAction": tenantWrite((w) => ({ move: `${A(w).evidenceId}:down` }), controlsPage, (w, slug) => [slug, A(w).controlId], true),
  "src/modules/controls/actions.ts#renameAreaAction": tenantWrite(() => ({ name: "Defaced" }), controlsPage, (w, slug) => [slug, A(w).areaId], true),
  "src/modules/controls/actions.ts#moveAreaAction": tenantWrite((w) => ({ move: `${A(w).areaId}:down` }), controlsPage, undefined, true),
  "src/modules/controls/actions.ts#deleteAreaAction": tenantWrite(undefined, controlsPage, (w, slug) => [slug, A(w).areaId], true),
  "src/modules/disclosure/actions.ts#saveDisclosureAction": tenantWrite(() => ({ policy: "pwned", preferredLanguages: "en", version: "0" }), (w) => `/dashboard/${A(w).slug}/disclosure`),
  "src/modules/documents/actions.ts#saveDocumentAction": tenantWrite(() => ({ title: "Defaced", visibility: "PUBLIC", version: "1" }), (w) => `/dashboard/${A(w).slug}/documents`, (w, slug) => [slug, A(w).documentId], true),
  "src/modules/documents/actions.ts#deleteDocumentAction": tenantWrite(() => ({ version: "1" }), (w) => `/dashboard/${A(w).slug}/documents`, (w, slug) => [slug, A(w).documentId], true),
  // Outbound webhooks (ADR 032): owners and admins only; A's endpoint named under B's slug finds nothing.
  "src/modules/webhooks/actions.ts#createWebhookAction": ownersOnly(tenantWrite(() => ({ url: "https://93.184.215.14/steal", events: "publication.created", format: "STANDARD" }), webhooksPage)),
  "src/modules/webhooks/actions.ts#updateWebhookAction": ownersOnly(tenantWrite(() => ({ url: "https://93.184.215.14/steal", events: "publication.created", format: "STANDARD", version: "1" }), webhooksPage, webhook, true)),
  "src/modules/webhooks/actions.ts#setWebhookEnabledAction": ownersOnly(tenantWrite(() => ({ enabled: "false", version: "1" }), webhooksPage, webhook, true)),
  "src/modules/webhooks/actions.ts#rotateWebhookSecretAction": ownersOnly(tenantWrite(() => ({ version: "1" }), webhooksPage, webhook, true)),
  "src/modules/webhooks/actions.ts#deleteWebhookAction": ownersOnly(tenantWrite(() => ({ version: "1" }), webhooksPage, webhook, true)),
  "src/modules/webhooks/actions.ts#sendTestWebhookAction": ownersOnly(tenantWrite(() => ({}), webhooksPage, webhook, true)),
  "src/modules/webhooks/actions.ts#redeliverWebhookAction": ownersOnly(tenantWrite((w) => ({ eventId: A(w).webhookEventId }), webhooksPage, webhook, true)),
  // API keys (ADR 035): owners and admins, after a recent verification. (The IDOR cell, B's owner revoking A's
  // key by id under B's slug, is in tests/integration/action-authorization.test.ts: this world has no key.)
  "src/modules/apikeys/actions.ts#createApiKeyAction": ownersOnly(tenantWrite(() => ({ name: "Intruder", scopes: "posture:write" }), (w) => `/dashboard/${A(w).slug}/api-keys`)),
  "src/modules/apikeys/actions.ts#revokeApiKeyAction": ownersOnly(tenantWrite(() => ({ id: "00000000-0000-4000-8000-000000000000" }), (w) => `/dashboard/${A(w).slug}/api-keys`)),
  "src/modules/domains/actions.ts#addDomainAction": tenantWrite(() => ({ hostname: "trust.hijack.example", mode: "CNAME" }), domainsPage),
  "src/modules/domains/actions.ts#verifyDomainAction": tenantWrite((w) => ({ id: A(w).customDomainId }), domainsPage, undefined, true),
  "src/modules/domains/actions.ts#removeDomainAction": tenantWrite((w) => ({ id: A(w).customDomainId }), domainsPage, undefined, true),
  "src/modules/domains/actions.ts#setDomainModeAction": tenantWrite((w) => ({ id: A(w).customDomainId, mode: "PROXY" }), domainsPage, undefined, true),
  "src/modules/publishing/actions.ts#publishAction": ownersOnly(tenantWrite(undefined, (w) => `/dashboard/${A(w).slug}/publish`)),
  "src/modules/publishing/actions.ts#unpublishAction": ownersOnly(tenantWrite(undefined, (w) => `/dashboard/${A(w).slug}/publish`)),
  // Publication requests (ADR 022): A's pending request, named by B's owner under B's own slug too.
  "src/modules/publishing/actions.ts#requestPublicationAction": tenantWrite(() => ({ note: "<script>alert(1)</script>" }), (w) => `/dashboard/${A(w).slug}/publish`),
  "src/modules/publishing/actions.ts#approveRequestAction": ownersOnly(tenantWrite(undefined, (w) => `/dashboard/${A(w).slug}/publish`, (w, slug) => [slug, A(w).publicationRequestId], true)),
  "src/modules/publishing/actions.ts#rejectRequestAction": ownersOnly(
    tenantWrite(() => ({ reason: "pwned" }), (w) => `/dashboard/${A(w).slug}/publish`, (w, slug) => [slug, A(w).publicationRequestId], true),
  ),
  "src/modules/publishing/actions.ts#withdrawRequestAction": tenantWrite(undefined, (w) => `/dashboard/${A(w).slug}/publish`, (w, slug) => [slug, A(w).publicationRequestId], true),
  "src/modules/reviews/actions.ts#createReviewAction": tenantWrite(() => ({ title: "Fake review", reviewedAt: "2026-01-01", template: "custom", visibility: "PUBLIC" }), reviewsPage),
  "src/modules/reviews/actions.ts#updateReviewAction": tenantWrite(() => ({ title: "Defaced", reviewedAt: "2026-01-01", visibility: "PUBLIC", version: "1" }), reviewsPage, (w, slug) => [slug, A(w).reviewId], true),
  "src/modules/reviews/actions.ts#deleteReviewAction": tenantWrite(() => ({ version: "1" }), reviewsPage, (w, slug) => [slug, A(w).reviewId], true),
  "src/modules/reviews/actions.ts#updateReviewItemAction": tenantWrite(() => ({ result: "PASS", evidence: "pwned", resolution: "NONE" }), reviewsPage, (w, slug) => [slug, A(w).reviewItemId], true),
  "src/modules/reviews/actions.ts#addReviewItemAction": tenantWrite(() => ({ area: "X", question: "Pwned?" }), reviewsPage, (w, slug) => [slug, A(w).reviewId], true),
  "src/modules/reviews/actions.ts#removeReviewItemAction": tenantWrite(undefined, reviewsPage, (w, slug) => [slug, A(w).reviewItemId], true),
  "src/modules/reviews/actions.ts#moveReviewItemAction": tenantWrite((w) => ({ move: `${A(w).reviewItemId}:down` }), reviewsPage, undefined, true),
  // Prospect access (ADR 029): A's pending request and A's grant, named by B's owner under B's own slug too.
  "src/modules/access/actions.ts#approveAccessRequestAction": tenantWrite(() => ({ scope: "all", days: "365" }), accessPage, (w, slug) => [slug, A(w).accessRequestId], true),
  "src/modules/access/actions.ts#denyAccessRequestAction": tenantWrite(() => ({ reason: "<script>alert(1)</script>", notify: "on" }), accessPage, (w, slug) => [slug, A(w).accessRequestId], true),
  "src/modules/access/actions.ts#extendGrantAction": tenantWrite(() => ({ days: "365", version: "1" }), accessPage, (w, slug) => [slug, A(w).accessGrantId], true),
  "src/modules/access/actions.ts#revokeGrantAction": tenantWrite(() => ({ confirm: "on", version: "1" }), accessPage, (w, slug) => [slug, A(w).accessGrantId], true),
  // Settings, rules and NDA versions are an owner's or admin's (access.manage): A's editor is refused too.
  "src/modules/access/actions.ts#saveAccessSettingsAction": ownersOnly(
    tenantWrite(() => ({ ndaMode: "NONE", ipRecording: "FULL", defaultGrantDays: "365", mailCapPerHour: "10000", version: "1" }), accessSettingsPage),
  ),
  "src/modules/access/actions.ts#saveAccessRulesAction": ownersOnly(tenantWrite(() => ({ rules: JSON.stringify([{ match: "ANY", decision: "APPROVE" }]), version: "1" }), accessSettingsPage)),
  "src/modules/access/actions.ts#publishNdaAction": ownersOnly(tenantWrite(() => ({ markdown: "# Pwned NDA" }), accessSettingsPage)),
  // One's own mail about requests (access.notify): only owners and admins are mailed, so only they choose.
  "src/modules/access/actions.ts#saveAccessMailPreferenceAction": ownersOnly(tenantWrite(() => ({ accessRequestMail: "NONE" }), accessSettingsPage)),
  // Subscribers (ADR 030): removing one and the delivery modes are an owner's or admin's; A's subscriber named by B's owner under B's own slug too.
  // The remove form posts no fields, but the action takes the form as its 4th argument: the call sends one, as a browser does.
  "src/modules/subscribers/actions.ts#removeSubscriberAction": ownersOnly(tenantWrite(() => ({}), (w) => `/dashboard/${A(w).slug}/subscribers`, (w, slug) => [slug, A(w).subscriberId], true)),
  "src/modules/subscribers/actions.ts#saveDeliveryModesAction": ownersOnly(
    tenantWrite(() => ({ securityMode: "WEEKLY", subprocessorsMode: "WEEKLY", certificationsMode: "WEEKLY", generalMode: "WEEKLY", version: "1" }), (w) => `/dashboard/${A(w).slug}/subscribers`),
  ),
  // Objections (ADR 031): settling one is an owner's or admin's; A's objection named by B's owner under B's own slug too.
  "src/modules/notices/actions.ts#decideObjectionAction": ownersOnly(
    tenantWrite(() => ({ status: "RESOLVED", note: "<script>alert(1)</script>", version: "1" }), (w) => `/dashboard/${A(w).slug}/subprocessors/objections`, (w, slug) => [slug, A(w).objectionId], true),
  ),
  // One's own alerts (alerts.own, every role; ADR 033). The form names no member, so there is no other
  // member's row to reach; A's viewer passes the gate but receives no kind, so setting one is refused.
  "src/modules/alerts/actions.ts#saveAlertPreferencesAction": tenantWrite(() => ({ DOMAIN_FAILURE: "OFF" }), (w) => `/dashboard/${A(w).slug}/account-alerts`),
  "src/modules/organizations/actions.ts#createOrganizationAction": { scope: "user", why: "creates one's own organisation", page: () => "/dashboard/new", form: () => ({ name: "X", slug: "anon-org-x" }) },
  "src/modules/auth/actions.ts#revokeOtherSessionsAction": { scope: "user", why: "one's own sessions", page: () => "/dashboard/account" },
  "src/modules/mfa/actions.ts#beginEnrollmentAction": { scope: "user", why: "one's own second factor", page: () => "/dashboard/account/security" },
  "src/modules/mfa/actions.ts#confirmEnrollmentAction": { scope: "user", why: "one's own second factor", page: () => "/dashboard/account/security", form: () => ({ code: "123456" }) },
  "src/modules/mfa/actions.ts#disableMfaAction": { scope: "user", why: "one's own second factor", page: () => "/dashboard/account/security", form: () => ({ code: "123456" }) },
  "src/modules/mfa/actions.ts#regenerateCodesAction": { scope: "user", why: "one's own second factor", page: () => "/dashboard/account/security", form: () => ({ code: "123456" }) },
  "src/modules/mfa/actions.ts#secondFactorAction": { scope: "user", why: "one's own sign-in", page: () => "/dashboard/verify", bound: () => ["/dashboard"], form: () => ({ code: "123456" }) },
  "src/modules/mfa/actions.ts#sendReverifyCodeAction": { scope: "user", why: "one's own verification", page: () => "/dashboard/verify" },
  "src/modules/mfa/actions.ts#confirmReverifyAction": { scope: "user", why: "one's own verification", page: () => "/dashboard/verify", bound: () => ["/dashboard"], form: () => ({ code: "123456" }) },
};
