import "server-only";

import canonicalize from "canonicalize";
import { recordAudit } from "@/modules/audit/server/audit";
import { enqueueJob } from "@/modules/email/server/outbox";
import { now } from "@/server/clock";
import type { Tx } from "@/server/db/client";
import { inTenant } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import { sha256 } from "../chain";
import { describeChanges, linkChanges, sayChanges } from "../diff";
import { reviewChanges } from "../review";
import { PUBLICATION_FORMAT, publicationDocumentSchema, type PublicationDocument, type PublicView } from "../view";
import { ensureArtifactsIn } from "./artifacts";
import { PUBLICATION_CHANNEL, PUBLICATION_FANOUT_QUEUE } from "./channel";
import { forgetPointer } from "./pointer-cache";
import { signCanonical, signingKeyFor } from "./keys";
import { projectPublicView, type Projection } from "./projection";
import { endPendingRequest } from "./request-lifecycle";
import { emitEvent } from "@/modules/webhooks/server/emit";
import { translator } from "../render/i18n";


export function viewOf(canonical: string): PublicView | null {
  return publicationDocumentSchema.parse(JSON.parse(canonical)).view;
}

/** A stored link for linkChanges() (diff.ts): its view parsed only if what it changed is not remembered. */
export function linkOf(row: { hash: string; kind: "PUBLISH" | "UNPUBLISH"; canonical: string }) {
  return {
    hash: row.hash,
    get view() {
      return row.kind === "PUBLISH" ? viewOf(row.canonical) : null;
    },
  };
}

export async function latest(tx: Tx, orgId: string) {
  return tx.publication.findFirst({ where: { orgId }, orderBy: { seq: "desc" }, select: { seq: true, hash: true, kind: true, canonical: true } });
}

/** The draft as it would be published: the projection, its canonical form and that form's SHA-256. */
export async function projectDraft(tx: Tx, orgId: string) {
  const projection = await projectPublicView(tx, orgId);
  const canonical = canonicalize(projection.view)!;
  return { ...projection, canonical, hash: sha256(canonical) };
}
export type Draft = Awaited<ReturnType<typeof projectDraft>>;

/** The live view (null when never published or offline) and the latest link of the chain. */
export async function liveView(tx: Tx, orgId: string) {
  const current = await latest(tx, orgId);
  return { current, view: current?.kind === "PUBLISH" ? viewOf(current.canonical) : null };
}

/** What would be published now, and how it differs from what is live (the preview). */
export async function previewPublication({ ctx }: { ctx: OrgContext }) {
  return inTenant(
    ctx,
    async (tx) => {
      const draft = await projectDraft(tx, ctx.org.id);
      const { current, view: live } = await liveView(tx, ctx.org.id);
      const settings = await tx.organization.findUniqueOrThrow({ where: { id: ctx.org.id }, select: { requirePublishApproval: true } });
      return {
        view: draft.view,
        hash: draft.hash,
        live: Boolean(live),
        seq: current?.seq ?? 0,
        changes: describeChanges(live, draft.view, translator("en")),
        review: reviewChanges(live, draft.view),
        unchanged: live !== null && canonicalize(live) === draft.canonical,
        requireApproval: settings.requirePublishApproval,
      };
    },
    { readOnly: true, timeoutMs: 30_000 },
  );
}

/** One publisher at a time per organisation: the chain never forks, and requests are decided in order. */
export async function lockPublishing(tx: Tx, orgId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`publish:${orgId}`}, 0))`;
}

async function append(tx: Tx, ctx: OrgContext, kind: "publish" | "unpublish", view: PublicView | null) {
  await lockPublishing(tx, ctx.org.id);
  const previous = await latest(tx, ctx.org.id);
  const document: PublicationDocument = publicationDocumentSchema.parse({
    format: PUBLICATION_FORMAT,
    organization: { slug: ctx.org.slug },
    seq: (previous?.seq ?? 0) + 1,
    kind,
    prevHash: previous?.hash ?? null,
    publishedAt: new Date().toISOString(),
    view,
  });
  const canonical = canonicalize(document)!;
  const hash = sha256(canonical);
  const key = await signingKeyFor(tx, ctx.org.id);
  const publication = await tx.publication.create({
    data: {
      orgId: ctx.org.id,
      seq: document.seq,
      kind: kind === "publish" ? "PUBLISH" : "UNPUBLISH",
      canonical,
      hash,
      prevHash: document.prevHash,
      signature: signCanonical(canonical, key.privateKeyPem),
      publicKey: key.publicKey,
      publishedById: ctx.user.id,
      publishedAt: new Date(document.publishedAt),
    },
    select: { id: true, seq: true, hash: true, publishedAt: true },
  });
  // Every public surface of it, rendered and stored before anyone can see it (ADR 025).
  await ensureArtifactsIn(tx, { orgId: ctx.org.id, slug: ctx.org.slug, from: now(), until: now(), languages: false });
  // Every app instance drops its cached copy of this organisation's public surfaces (on commit).
  await tx.$executeRaw`SELECT pg_notify(${PUBLICATION_CHANNEL}, ${ctx.org.slug})`;
  await recordAudit(tx, ctx, {
    action: kind === "publish" ? "publish" : "unpublish",
    targetType: "publication",
    targetId: String(publication.seq),
    after: { seq: publication.seq, hash: publication.hash, changes: sayChanges(linkChanges(previous ? linkOf(previous) : null, { hash, view }), translator("en")).slice(0, 50) },
  });
  return publication;
}

export type PublishResult = { unchanged: boolean; seq: number; hash: string };

/**
 * Appends `draft` to the chain inside the caller's transaction (which holds lockPublishing).
 * Publishing what is already live changes nothing and says so.
 */
export async function publishDraft(tx: Tx, ctx: OrgContext, draft: Projection & { canonical: string }): Promise<PublishResult> {
  const current = await latest(tx, ctx.org.id);
  if (current?.kind === "PUBLISH" && canonicalize(viewOf(current.canonical)) === draft.canonical) return { unchanged: true, seq: current.seq, hash: current.hash };
  const { logo } = draft;
  if (logo) {
    await tx.publishedAsset.createMany({ data: [{ orgId: ctx.org.id, sha256: logo.sha256, mimeType: logo.mimeType, bytes: Buffer.from(logo.bytes) }], skipDuplicates: true });
  }
  const publication = await append(tx, ctx, "publish", draft.view);
  // Subscribers are told by the worker (issue 13), committed with the publication or not at all.
  await enqueueJob(tx, PUBLICATION_FANOUT_QUEUE, { orgId: ctx.org.id, publicationId: publication.id });
  // The subprocessor changes this publication is the first to carry (ADR 031): the notice's date.
  await tx.subprocessorChange.updateMany({ where: { orgId: ctx.org.id, publicationId: null, subprocessor: { visibility: "PUBLIC" } }, data: { publicationId: publication.id } });
  await emitEvent(tx, { orgId: ctx.org.id, type: "publication.created", data: { seq: publication.seq, hash: publication.hash, slug: ctx.org.slug } });
  return { unchanged: false, seq: publication.seq, hash: publication.hash };
}

export const SECOND_PERSON_REQUIRED = "This organisation requires a second person to publish: request publication, and another owner or admin approves it.";

/** Whether the organisation has turned on four-eyes publishing (ADR 022). */
export async function requiresApproval(tx: Tx, orgId: string) {
  const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { requirePublishApproval: true } });
  return org.requirePublishApproval;
}

/**
 * Publishes what the organisation has authored: the projection, as a signed link in the
 * organisation's chain. Not when the organisation requires a second person (then every
 * publication is a request someone else approves). A pending request is superseded by it.
 */
export async function publish({ ctx }: { ctx: OrgContext }) {
  const result = await inTenant(
    ctx,
    async (tx) => {
      await lockPublishing(tx, ctx.org.id);
      if (await requiresApproval(tx, ctx.org.id)) throw new AppError("forbidden", SECOND_PERSON_REQUIRED);
      const published = await publishDraft(tx, ctx, await projectDraft(tx, ctx.org.id));
      if (!published.unchanged) await endPendingRequest(tx, ctx, { status: "SUPERSEDED", by: `publication #${published.seq}` });
      return published;
    },
    { timeoutMs: 60_000 },
  );
  forgetLocally(ctx.org.slug);
  return result;
}

/** Takes the public surfaces offline. Recorded as a link in the chain; nothing is deleted. */
export async function unpublish({ ctx }: { ctx: OrgContext }) {
  const result = await inTenant(ctx, async (tx) => {
    const current = await latest(tx, ctx.org.id);
    if (current?.kind !== "PUBLISH") throw new AppError("conflict", "The trust center is not published, so there is nothing to take offline.");
    return append(tx, ctx, "unpublish", null);
  }, { timeoutMs: 60_000 });
  forgetLocally(ctx.org.slug);
  return result;
}

export async function listPublications({ ctx }: { ctx: OrgContext }) {
  return inTenant(
    ctx,
    async (tx) => {
      const rows = await tx.publication.findMany({
        where: { orgId: ctx.org.id },
        orderBy: { seq: "desc" },
        take: 50,
        select: { seq: true, kind: true, hash: true, publishedAt: true, publishedBy: { select: { email: true } } },
      });
      return rows.map((row) => ({ ...row, publishedBy: row.publishedBy?.email ?? null }));
    },
    { readOnly: true },
  );
}

// Publishing in this process forgets the cached pointer at once, before the NOTIFY round trip
// reaches the listener (and other instances).
export function forgetLocally(slug: string) {
  forgetPointer(slug);
}
