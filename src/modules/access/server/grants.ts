import "server-only";

import { randomToken, sha256Hex } from "@/server/crypto";
import type { Tx } from "@/server/db/client";
import { ACCESS_LINK_TTL_HOURS, type Scope } from "../schema";

/** Internals shared by the public side and the reviewers: a grant, its single-use access links. */

const DAY_MS = 86_400_000;

export const scopeColumns = (scope: Scope) => ("all" in scope ? { scopeAll: true, scopeItems: [] } : { scopeAll: false, scopeItems: scope.items });
export const scopeOf = (row: { scopeAll: boolean; scopeItems: string[] }): Scope => (row.scopeAll ? { all: true } : { items: row.scopeItems });
/** How a scope names a document. */
export const documentItem = (documentId: string) => `document:${documentId}`;
/** Whether a grant's scope covers a document. */
export const covers = (scope: Scope, documentId: string) => "all" in scope || scope.items.includes(documentItem(documentId));
/** The NDA items a publication lists, keyed as a scope names them: what can be requested, granted and downloaded. */
export const ndaItemsOf = (view: { documents: { id: string; title: string; access: string }[] }) =>
  view.documents.filter((d) => d.access === "nda").map((d) => ({ key: documentItem(d.id), title: d.title }));

export async function createGrant(
  tx: Tx,
  input: { orgId: string; request: { id: string; email: string; ndaVersionId: string | null }; scope: Scope; days: number; at: number },
) {
  return tx.accessGrant.create({
    data: {
      orgId: input.orgId,
      requestId: input.request.id,
      email: input.request.email,
      ...scopeColumns(input.scope),
      expiresAt: new Date(input.at + input.days * DAY_MS),
      ndaVersionId: input.request.ndaVersionId,
    },
    select: { id: true, expiresAt: true },
  });
}

/** A single-use access link for `host`: the raw token (for the mail), its hash at rest. */
export async function issueLink(tx: Tx, input: { orgId: string; grantId: string; host: string; at: number }) {
  const token = randomToken();
  const expiresAt = new Date(input.at + ACCESS_LINK_TTL_HOURS * 3_600_000);
  await tx.granteeLinkToken.create({ data: { orgId: input.orgId, grantId: input.grantId, tokenHash: sha256Hex(token), host: input.host, expiresAt, createdAt: new Date(input.at) } });
  return { token, expiresAt };
}

/** A grant is usable while not revoked and not past its expiry. */
export const grantActive = (grant: { revokedAt: Date | null; expiresAt: Date }, at: number) => grant.revokedAt === null && grant.expiresAt.getTime() > at;
