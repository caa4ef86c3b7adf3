import "server-only";

import { liveView } from "@/modules/publishing/server/publish";
import { now } from "@/server/clock";
import type { Tx } from "@/server/db/client";
import { inTenant } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import * as z from "zod";
import { TAB_STATUS, type GrantQuery, type RequestQuery } from "../query";
import { PAGE_SIZE, type Scope } from "../schema";
import { ofGrant } from "./certificate";
import { readSettings } from "./context";
import { classifyEmailDomain } from "./email-domains";
import { documentItem, grantActive, ndaItemsOf, scopeOf } from "./grants";

/**
 * What the dashboard's Access screens read (`access.review`, gated by the page): the request
 * queue with its search and the counts per tab, the grants by state, one grant with its
 * downloads. Rows are shaped for the screens (never an ORM row with its hashes): the requester's
 * email-domain class, the NDA items by title, who or which rule decided.
 */

const DOWNLOADS_PER_GRANT = 200;

/** The NDA items a reviewer can grant: what the live publication lists as NDA documents. */
async function ndaItems(tx: Tx, orgId: string) {
  const { view } = await liveView(tx, orgId);
  return view ? ndaItemsOf(view) : [];
}

/** Titles for item keys a row names; a document no longer published still has its draft title. */
async function itemTitles(tx: Tx, orgId: string, keys: Iterable<string>, known: { key: string; title: string }[]) {
  const titles = new Map(known.map((item) => [item.key, item.title]));
  const missing = [...new Set(keys)].filter((key) => !titles.has(key) && key.startsWith("document:")).map((key) => key.slice("document:".length));
  if (missing.length > 0) {
    const documents = await tx.document.findMany({ where: { orgId, id: { in: missing } }, select: { id: true, title: true } });
    for (const d of documents) titles.set(documentItem(d.id), d.title);
  }
  return titles;
}

const titled = (scope: Scope, titles: Map<string, string>) => ("all" in scope ? null : scope.items.map((key) => titles.get(key) ?? "An item no longer listed"));

/** Members' emails by user id (a former member is no longer listed: null). */
async function memberEmails(tx: Tx, orgId: string, userIds: (string | null)[]) {
  const ids = [...new Set(userIds.filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return new Map<string, string>();
  const members = await tx.member.findMany({ where: { orgId, userId: { in: ids } }, select: { userId: true, user: { select: { email: true } } } });
  return new Map(members.map((m) => [m.userId, m.user.email]));
}

const searchOf = (q: string | undefined) => (q ? { OR: [{ email: { contains: q, mode: "insensitive" as const } }, { company: { contains: q, mode: "insensitive" as const } }] } : {});

const QUEUE_SELECT = {
  id: true,
  email: true,
  fullName: true,
  company: true,
  reason: true,
  scopeAll: true,
  scopeItems: true,
  status: true,
  createdAt: true,
  verifiedAt: true,
  decidedAt: true,
  decidedById: true,
  decidedByRule: true,
  decisionReason: true,
  ndaVersion: { select: { number: true } },
  grant: { select: { id: true } },
  acceptances: { select: { id: true }, orderBy: { acceptedAt: "desc" }, take: 1 },
} as const;

/** The request queue: one tab (status), searched by email or company, a page of it, and every tab's count. */
export async function requestQueue({ ctx, query }: { ctx: OrgContext; query: RequestQuery }) {
  return inTenant(ctx, async (tx) => {
    const search = searchOf(query.q);
    const where = { orgId: ctx.org.id, status: TAB_STATUS[query.status], ...search };
    const grouped = await tx.accessRequest.groupBy({ by: ["status"], where: { orgId: ctx.org.id, ...search }, _count: { _all: true } });
    const total = await tx.accessRequest.count({ where });
    const rows = await tx.accessRequest.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip: (query.page - 1) * PAGE_SIZE, take: PAGE_SIZE, select: QUEUE_SELECT });
    const items = await ndaItems(tx, ctx.org.id);
    const titles = await itemTitles(tx, ctx.org.id, rows.flatMap((r) => r.scopeItems), items);
    const deciders = await memberEmails(tx, ctx.org.id, rows.map((r) => r.decidedById));
    const settings = await readSettings(tx, ctx.org.id);
    const signedNdaDocuments = settings.ndaMode === "EXTERNAL" ? await tx.document.findMany({ where: { orgId: ctx.org.id }, orderBy: { title: "asc" }, select: { id: true, title: true } }) : [];
    return {
      total,
      page: query.page,
      pageSize: PAGE_SIZE,
      counts: Object.fromEntries(grouped.map((g) => [g.status, g._count._all])) as Partial<Record<(typeof TAB_STATUS)[keyof typeof TAB_STATUS], number>>,
      items,
      settings: { defaultGrantDays: settings.defaultGrantDays, ndaMode: settings.ndaMode },
      signedNdaDocuments,
      requests: rows.map(({ scopeAll, scopeItems, decidedById, ndaVersion, grant, acceptances, ...row }) => {
        const scope = scopeOf({ scopeAll, scopeItems });
        return {
          ...row,
          scope,
          itemTitles: titled(scope, titles),
          domainClass: classifyEmailDomain(row.email),
          ndaVersion: ndaVersion?.number ?? null,
          acceptanceId: acceptances[0]?.id ?? null,
          grantId: grant?.id ?? null,
          decidedBy: decidedById ? (deciders.get(decidedById) ?? "a former member") : null,
        };
      }),
    };
  });
}

function grantWhere(orgId: string, query: GrantQuery, at: Date) {
  const state =
    query.state === "active" ? { revokedAt: null, expiresAt: { gt: at } } : query.state === "expired" ? { revokedAt: null, expiresAt: { lte: at } } : { revokedAt: { not: null } };
  const search = query.q ? { OR: [{ email: { contains: query.q, mode: "insensitive" as const } }, { request: { company: { contains: query.q, mode: "insensitive" as const } } }] } : {};
  return { orgId, ...state, ...search };
}

const GRANT_SELECT = {
  id: true,
  email: true,
  scopeAll: true,
  scopeItems: true,
  createdAt: true,
  expiresAt: true,
  extendedAt: true,
  revokedAt: true,
  version: true,
  ndaVersion: { select: { number: true } },
  request: { select: { fullName: true, company: true } },
} as const;

/** Grants by state (active, expired, revoked), with how many downloads each has. */
export async function grantList({ ctx, query, window }: { ctx: OrgContext; query: GrantQuery; /** The REST API's cursor page instead of the numbered page. */ window?: { limit: number; offset: number } }) {
  const at = new Date(now());
  return inTenant(ctx, async (tx) => {
    const where = grantWhere(ctx.org.id, query, at);
    const total = await tx.accessGrant.count({ where });
    const rows = await tx.accessGrant.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip: window?.offset ?? (query.page - 1) * PAGE_SIZE, take: window?.limit ?? PAGE_SIZE, select: GRANT_SELECT });
    const counts = rows.length
      ? await tx.downloadLog.groupBy({ by: ["grantId"], where: { orgId: ctx.org.id, grantId: { in: rows.map((r) => r.id) } }, _count: { _all: true } })
      : [];
    const downloads = new Map(counts.map((c) => [c.grantId, c._count._all]));
    const titles = await itemTitles(tx, ctx.org.id, rows.flatMap((r) => r.scopeItems), await ndaItems(tx, ctx.org.id));
    return {
      total,
      page: query.page,
      pageSize: PAGE_SIZE,
      grants: rows.map(({ scopeAll, scopeItems, ...row }) => shapeGrant({ ...row, scope: scopeOf({ scopeAll, scopeItems }) }, titles, downloads.get(row.id) ?? 0, at)),
    };
  });
}

type GrantRow = { id: string; email: string; scope: Scope; createdAt: Date; expiresAt: Date; extendedAt: Date | null; revokedAt: Date | null; version: number; ndaVersion: { number: number } | null; request: { fullName: string; company: string } };

function shapeGrant({ request, ndaVersion, ...row }: GrantRow, titles: Map<string, string>, downloads: number, at: Date) {
  const state = row.revokedAt ? ("revoked" as const) : grantActive(row, at.getTime()) ? ("active" as const) : ("expired" as const);
  return { ...row, fullName: request.fullName, company: request.company, ndaVersion: ndaVersion?.number ?? null, itemTitles: titled(row.scope, titles), downloads, state };
}

/** A grant's NDA acceptances (with its request, or later versions), newest first: each has a certificate. */
async function grantAcceptances(tx: Tx, orgId: string, grantId: string) {
  const rows = await tx.ndaAcceptance.findMany({
    where: { orgId, ...ofGrant(grantId) },
    orderBy: [{ acceptedAt: "desc" }, { id: "asc" }],
    select: { id: true, acceptedAt: true, ipAddress: true, textSha256: true, ndaVersion: { select: { number: true } } },
  });
  return rows.map(({ ndaVersion, ...row }) => ({ ...row, ndaVersion: ndaVersion.number }));
}

/** One grant (named by the URL) with its downloads, newest first, and its NDA acceptances. Another organisation's grant is not found. */
export async function grantDetail({ ctx, id }: { ctx: OrgContext; id: unknown }) {
  const grantId = z.uuid().parse(id);
  const at = new Date(now());
  return inTenant(ctx, async (tx) => {
    const row = await tx.accessGrant.findFirst({ where: { id: grantId, orgId: ctx.org.id }, select: { ...GRANT_SELECT, revokedById: true } });
    if (!row) throw new AppError("not_found", "No such grant.");
    const { scopeAll, scopeItems, revokedById, ...rest } = row;
    const titles = await itemTitles(tx, ctx.org.id, scopeItems, await ndaItems(tx, ctx.org.id));
    const downloadCount = await tx.downloadLog.count({ where: { orgId: ctx.org.id, grantId } });
    const downloads = await tx.downloadLog.findMany({
      where: { orgId: ctx.org.id, grantId },
      orderBy: [{ at: "desc" }, { id: "asc" }],
      take: DOWNLOADS_PER_GRANT,
      select: { id: true, documentTitle: true, documentId: true, at: true, ipAddress: true, userAgent: true, watermarkId: true, sha256: true },
    });
    const revokedBy = revokedById ? ((await memberEmails(tx, ctx.org.id, [revokedById])).get(revokedById) ?? "a former member") : null;
    const acceptances = await grantAcceptances(tx, ctx.org.id, grantId);
    return { grant: { ...shapeGrant({ ...rest, scope: scopeOf({ scopeAll, scopeItems }) }, titles, downloadCount, at), revokedBy }, downloads, acceptances, shown: DOWNLOADS_PER_GRANT };
  });
}

/** The documents the download log names (for its filter), by title. */
export async function downloadedDocuments({ ctx }: { ctx: OrgContext }) {
  return inTenant(ctx, async (tx) => {
    const rows = await tx.downloadLog.groupBy({ by: ["documentId", "documentTitle"], where: { orgId: ctx.org.id }, orderBy: { documentTitle: "asc" } });
    const byId = new Map<string, string>();
    for (const r of rows) if (!byId.has(r.documentId)) byId.set(r.documentId, r.documentTitle);
    return [...byId].map(([id, title]) => ({ id, title }));
  });
}
