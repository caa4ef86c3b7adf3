import "server-only";

import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { dataKeys, openWithDataKey, sealWithDataKey } from "@/server/crypto";
import { env } from "@/server/env";

/**
 * Webhook signing secrets (ADR 032): `whsec_` + base64 of 32 random bytes, the form the
 * Standard Webhooks libraries take. Sealed at rest with the data key, bound to the endpoint's
 * id, shown to a person only when made (creation, rotation).
 */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export function newSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

const aad = (endpointId: string) => `webhook-secret:${endpointId}`;

export function sealSecret(endpointId: string, secret: string): string {
  return sealWithDataKey(secret, dataKeys(env()), aad(endpointId));
}

export function openSecret(endpointId: string, sealed: string): string {
  return openWithDataKey(sealed, dataKeys(env()), aad(endpointId));
}

type Signable = { id: string; secretSealed: string; previousSecretSealed: string | null; previousSecretExpiresAt: Date | null };

/**
 * The three Standard Webhooks headers for one message. During a rotation's overlap the old
 * secret signs too: `webhook-signature` then holds two space-separated signatures, and a
 * receiver that still has the old secret verifies as before.
 */
export function signatureHeaders(endpoint: Signable, message: { id: string; body: string; at: Date }): Record<string, string> {
  const secrets = [openSecret(endpoint.id, endpoint.secretSealed)];
  if (endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > message.at) {
    secrets.push(openSecret(endpoint.id, endpoint.previousSecretSealed));
  }
  return {
    "webhook-id": message.id,
    "webhook-timestamp": String(Math.floor(message.at.getTime() / 1000)),
    "webhook-signature": secrets.map((secret) => new Webhook(secret).sign(message.id, message.at, message.body)).join(" "),
  };
}
