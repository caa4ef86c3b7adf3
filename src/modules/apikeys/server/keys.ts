import "server-only";

import { Prisma } from "@/generated/prisma/client";
import { recordAudit } from "@/modules/audit/server/audit";
import { hashApiKey, newApiKey } from "@/server/api/key-secret";
import { inTenant } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import * as z from "zod";
import { createApiKeySchema } from "../schema";

const DAY_MS = 86_400_000;

export type ApiKeyView = {
  id: string;
  publicId: string;
  name: string;
  scopes: string[];
  createdAt: Date;
  createdByEmail: string | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
};

/** The organisation's keys, newest first, without their hashes. */
export async function listApiKeys({ ctx }: { ctx: OrgContext }): Promise<ApiKeyView[]> {
  return inTenant(ctx, async (tx) => {
    const rows = await tx.$queryRaw<ApiKeyView[]>`
      SELECT k.id, k."publicId", k.name, k.scopes, k."createdAt", u.email AS "createdByEmail", k."expiresAt", k."lastUsedAt", k."lastUsedIp", k."revokedAt"
      FROM "ApiKey" k LEFT JOIN "User" u ON u.id = k."createdById"
      WHERE k."orgId" = ${ctx.org.id}::uuid
      ORDER BY k."createdAt" DESC, k.id`;
    return rows;
  }, { readOnly: true });
}

/**
 * Creates a key and returns it once: the database keeps only its HMAC. Audited with its name,
 * public id, scopes and expiry (never the secret).
 */
export async function createApiKey({ ctx, input, now = new Date() }: { ctx: OrgContext; input: unknown; now?: Date }) {
  const data = createApiKeySchema.parse(input);
  const expiresAt = data.expiresInDays ? new Date(now.getTime() + data.expiresInDays * DAY_MS) : null;
  for (let attempt = 0; ; attempt++) {
    const { key, publicId } = newApiKey();
    try {
      const row = await inTenant(ctx, async (tx) => {
        const created = await tx.apiKey.create({
          data: { orgId: ctx.org.id, publicId, hash: hashApiKey(key), name: data.name, scopes: data.scopes, createdById: ctx.user.id, expiresAt },
          select: { id: true, publicId: true, name: true, scopes: true, expiresAt: true },
        });
        await recordAudit(tx, ctx, { action: "apikeys.create", targetType: "api_key", targetId: created.id, after: { name: created.name, publicId, scopes: created.scopes, expiresAt } });
        return created;
      });
      return { ...row, key };
    } catch (error) {
      // Two keys drew the same public id (about 1 in 2^47 per pair): draw again.
      if (attempt < 2 && error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") continue;
      throw error;
    }
  }
}

/** Revokes a key: the next request with it is refused (the gate reads revokedAt on every request). */
export async function revokeApiKey({ ctx, id, now = new Date() }: { ctx: OrgContext; id: string; now?: Date }) {
  const keyId = z.uuid({ error: "No such API key." }).parse(id);
  await inTenant(ctx, async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id: keyId, orgId: ctx.org.id }, select: { id: true, name: true, publicId: true, revokedAt: true } });
    if (!key) throw new AppError("not_found", "No such API key.");
    if (key.revokedAt) return;
    await tx.apiKey.updateMany({ where: { id: keyId, orgId: ctx.org.id, revokedAt: null }, data: { revokedAt: now, revokedById: ctx.user.id } });
    await recordAudit(tx, ctx, { action: "apikeys.revoke", targetType: "api_key", targetId: keyId, before: { name: key.name, publicId: key.publicId, revokedAt: null }, after: { name: key.name, publicId: key.publicId, revokedAt: now } });
  });
}
