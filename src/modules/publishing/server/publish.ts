import "server-only";

import canonicalize from "canonicalize";
import { recordAudit } from "@/modules/audit/server/audit";
import { now } from "@/server/clock";
import type { Tx } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import { sha256 } from "../chain";
import { describeChanges } from "../diff";
import { PUBLICATION_FORMAT, publicationDocumentSchema, type PublicationDocument, type PublicView } from "../view";
import { ensureArtifactsIn } from "./artifacts";
import { PUBLICATION_CHANNEL } from "./channel";
import { forgetPointer } from "./pointer-cache";
import { signCanonical, signingKeyFor } from "./keys";
import { projectPublicView } from "./projection";

const scope = (ctx: OrgContext) => ({ orgId: ctx.org.id, userId: ctx.user.id });

export function viewOf(canonical: string): PublicView | null {
  return publicationDocumentSchema.parse(JSON.parse(canonical)).view;
}

async function latest(tx: Tx, orgId: string) {
  return tx.publication.findFirst({ where: { orgId }, orderBy: { seq: "desc" }, select: { seq: true, hash: true, kind: true, canonical: true } });
}

/** What would be published now, and how it differs from what is live (the preview). */
export async function previewPublication({ ctx }: { ctx: OrgContext }) {
  return withTenant(scope(ctx), async (tx) => {
    const { view } = await projectPublicView(tx, ctx.org.id);
    const current = await latest(tx, ctx.org.id);
    const live = current?.kind === "PUBLISH" ? viewOf(current.canonical) : null;
    return { view, live: Boolean(live), seq: current?.seq ?? 0, changes: describeChanges(live, view), unchanged: live !== null && canonicalize(live) === canonicalize(view) };
  }, { readOnly: true, timeoutMs: 30_000 });
}

async function append(tx: Tx, ctx: OrgContext, kind: "publish" | "unpublish", view: PublicView | null) {
  // One publisher at a time per organisation: the chain never forks.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`publish:${ctx.org.id}`}, 0))`;
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
    select: { seq: true, hash: true, publishedAt: true },
  });
  // Every public surface of it, rendered and stored before anyone can see it (ADR 025).
  await ensureArtifactsIn(tx, { orgId: ctx.org.id, slug: ctx.org.slug, from: now(), until: now() });
  // Every app instance drops its cached copy of this organisation's public surfaces (on commit).
  await tx.$executeRaw`SELECT pg_notify(${PUBLICATION_CHANNEL}, ${ctx.org.slug})`;
  const before = previous?.kind === "PUBLISH" ? viewOf(previous.canonical) : null;
  await recordAudit(tx, ctx, {
    action: kind === "publish" ? "publish" : "unpublish",
    targetType: "publication",
    targetId: String(publication.seq),
    after: { seq: publication.seq, hash: publication.hash, changes: describeChanges(before, view).slice(0, 50) },
  });
  return publication;
}

/**
 * Publishes what the organisation has authored: the projection, as a signed link in the
 * organisation's chain. Publishing what is already live changes nothing and says so.
 */
export async function publish({ ctx }: { ctx: OrgContext }) {
  const result = await withTenant(
    scope(ctx),
    async (tx) => {
      const { view, logo } = await projectPublicView(tx, ctx.org.id);
      const current = await latest(tx, ctx.org.id);
      if (current?.kind === "PUBLISH" && canonicalize(viewOf(current.canonical)) === canonicalize(view)) return { unchanged: true as const, seq: current.seq };
      if (logo) {
        await tx.publishedAsset.createMany({ data: [{ orgId: ctx.org.id, sha256: logo.sha256, mimeType: logo.mimeType, bytes: Buffer.from(logo.bytes) }], skipDuplicates: true });
      }
      const publication = await append(tx, ctx, "publish", view);
      return { unchanged: false as const, ...publication };
    },
    { timeoutMs: 60_000 },
  );
  forgetLocally(ctx.org.slug);
  return result;
}

/** Takes the public surfaces offline. Recorded as a link in the chain; nothing is deleted. */
export async function unpublish({ ctx }: { ctx: OrgContext }) {
  const result = await withTenant(scope(ctx), async (tx) => {
    const current = await latest(tx, ctx.org.id);
    if (current?.kind !== "PUBLISH") throw new AppError("conflict", "The trust center is not published, so there is nothing to take offline.");
    return append(tx, ctx, "unpublish", null);
  }, { timeoutMs: 60_000 });
  forgetLocally(ctx.org.slug);
  return result;
}

export async function listPublications({ ctx }: { ctx: OrgContext }) {
  return withTenant(scope(ctx), async (tx) => {
    const rows = await tx.publication.findMany({
      where: { orgId: ctx.org.id },
      orderBy: { seq: "desc" },
      take: 50,
      select: { seq: true, kind: true, hash: true, publishedAt: true, publishedBy: { select: { email: true } } },
    });
    return rows.map((row) => ({ ...row, publishedBy: row.publishedBy?.email ?? null }));
  }, { readOnly: true });
}

// Publishing in this process forgets the cached pointer at once, before the NOTIFY round trip
// reaches the listener (and other instances).
function forgetLocally(slug: string) {
  forgetPointer(slug);
}
