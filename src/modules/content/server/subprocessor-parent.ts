import "server-only";

import type { Tx } from "@/server/db/client";
import { inTenant } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";

/**
 * A subprocessor's parent (issue 15: a router and the providers behind it). The form, the import
 * and the export name it by vendor; storage keeps parentId. Only a subprocessor of the same
 * organisation can be named (the lookup is scoped, and the foreign key carries orgId), and a
 * chain that would lead back to the item itself is refused.
 */
const MAX_DEPTH = 20;

const refuse = (message: string) => new AppError("validation", message, { fieldErrors: { parent: [message] } });

export async function resolveParent(tx: Tx, orgId: string, input: { name: unknown; selfId?: string }): Promise<string | null> {
  const name = typeof input.name === "string" ? input.name.trim() : "";
  if (!name) return null;
  const found = await tx.subprocessor.findMany({ where: { orgId, vendor: { equals: name, mode: "insensitive" } }, select: { id: true, parentId: true }, take: 2 });
  if (found.length === 0) throw refuse(`Parent: no subprocessor named “${name}” in this organisation.`);
  if (found.length > 1) throw refuse(`Parent: several subprocessors are named “${name}”; rename one first.`);
  const parent = found[0]!;
  if (input.selfId) await refuseCycle(tx, orgId, input.selfId, parent);
  return parent.id;
}

/** Walks up from the proposed parent: reaching the item itself would make a cycle. */
async function refuseCycle(tx: Tx, orgId: string, selfId: string, parent: { id: string; parentId: string | null }) {
  let current: { id: string; parentId: string | null } | null = parent;
  for (let depth = 0; current; depth += 1) {
    if (current.id === selfId) throw refuse("Parent: a subprocessor cannot sit behind itself, directly or through another.");
    if (!current.parentId || depth >= MAX_DEPTH) return;
    current = await tx.subprocessor.findFirst({ where: { id: current.parentId, orgId }, select: { id: true, parentId: true } });
  }
}

/** The parent's vendor, from a row read with `include: { parent: { select: { vendor: true } } }`. */
export function parentName(row: Record<string, unknown>): string | undefined {
  const parent = row.parent;
  return parent && typeof parent === "object" && "vendor" in parent ? String(parent.vendor) : undefined;
}

export const WITH_PARENT = { parent: { select: { vendor: true } } } as const;

/**
 * The form's choices of parent (issue 15: a select, not a typed name): the organisation's
 * subprocessors by vendor, less the item itself and those behind it (choosing one would be a
 * cycle, which resolveParent refuses anyway). Removed ones stay choosable: a removed router can
 * still be where a provider's history sat.
 */
export async function parentChoices({ ctx, selfId }: { ctx: OrgContext; selfId?: string }) {
  const rows = await inTenant(ctx, (tx) => tx.subprocessor.findMany({ where: { orgId: ctx.org.id }, orderBy: { vendor: "asc" }, select: { id: true, vendor: true, parentId: true } }), { readOnly: true });
  const excluded = new Set(selfId ? [selfId] : []);
  // Everything behind the item, however deep: grow the set until it stops growing.
  for (let grown = true; grown; ) {
    grown = false;
    for (const row of rows) {
      if (row.parentId && excluded.has(row.parentId) && !excluded.has(row.id)) {
        excluded.add(row.id);
        grown = true;
      }
    }
  }
  return rows.filter((row) => !excluded.has(row.id)).map((row) => ({ value: row.vendor, label: row.vendor }));
}
