import "server-only";

import { inTenant } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import { linkChanges, sayChanges } from "../diff";
import { linkOf } from "./publish";
import { translator } from "../render/i18n";

const SELECT = { seq: true, kind: true, hash: true, prevHash: true, canonical: true, signature: true, publicKey: true, publishedAt: true, publishedBy: { select: { email: true } } } as const;

/**
 * One link of the organisation's chain by its sequence number, as signed: the canonical bytes,
 * their hash, the previous hash, the Ed25519 signature and the public key (enough to verify it
 * offline). Another organisation's seq, or one that does not exist, is not found.
 */
export async function getPublication({ ctx, seq }: { ctx: OrgContext; seq: number }) {
  const row = await inTenant(ctx, (tx) => tx.publication.findFirst({ where: { orgId: ctx.org.id, seq }, select: SELECT }), { readOnly: true });
  if (!row) throw new AppError("not_found", `No publication ${seq} in this organisation.`);
  return { ...row, publishedBy: row.publishedBy?.email ?? null };
}

/**
 * What changed between two links of the chain, in the changelog's words (describeChanges, the
 * same lines the dashboard's preview and the public changelog show). `from` may be 0: before
 * the first publication. Either end missing is not found.
 */
export async function diffPublications({ ctx, from, to }: { ctx: OrgContext; from: number; to: number }) {
  return inTenant(
    ctx,
    async (tx) => {
      const rows = await tx.publication.findMany({ where: { orgId: ctx.org.id, seq: { in: [from, to] } }, select: { seq: true, kind: true, hash: true, canonical: true } });
      const at = (seq: number) => rows.find((row) => row.seq === seq);
      const before = at(from);
      const after = at(to);
      if (!after || (from !== 0 && !before)) throw new AppError("not_found", `No publication ${!after ? to : from} in this organisation.`);
      return { from: { seq: from, hash: before?.hash ?? null }, to: { seq: to, hash: after.hash }, changes: sayChanges(linkChanges(before ? linkOf(before) : null, linkOf(after)), translator("en")) };
    },
    { readOnly: true },
  );
}
