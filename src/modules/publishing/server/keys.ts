import "server-only";

import { createPrivateKey, generateKeyPairSync, sign } from "node:crypto";
import { dataKeys, openWithDataKey, sealWithDataKey } from "@/server/crypto";
import type { Tx } from "@/server/db/client";
import { env } from "@/server/env";

/**
 * Each organisation signs its publications with its own Ed25519 key, made on first publish. The
 * private key is sealed with DATA_ENCRYPTION_KEY (AES-256-GCM, bound to the organisation);
 * the public key (SPKI PEM) is published with every publication.
 */
const aad = (orgId: string) => `candor:signing-key:${orgId}`;

export async function signingKeyFor(tx: Tx, orgId: string) {
  const keys = dataKeys(env());
  const existing = await tx.signingKey.findUnique({ where: { orgId } });
  if (existing) return { publicKey: existing.publicKey, privateKeyPem: openWithDataKey(existing.privateKeySealed, keys, aad(orgId)) };
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  await tx.signingKey.create({ data: { orgId, publicKey: publicKeyPem, privateKeySealed: sealWithDataKey(privateKeyPem, keys, aad(orgId)), keyVersion: keys.current.version } });
  return { publicKey: publicKeyPem, privateKeyPem };
}

/** Ed25519 over the canonical bytes, base64. */
export function signCanonical(canonical: string, privateKeyPem: string) {
  return sign(null, Buffer.from(canonical, "utf8"), createPrivateKey(privateKeyPem)).toString("base64");
}
