import "server-only";

import { randomBytes } from "node:crypto";
import { macOf } from "../crypto";
import { env } from "../env";

/**
 * API keys' secrets (ADR 035): `cndr_<publicId>_<secret>`. The public id (8 base62 characters)
 * names the key in the dashboard and in a leak report; the secret is 43 base62 characters from
 * 32 random bytes (256 bits). Only HMAC-SHA-256 of the whole key is stored, under a key derived
 * from AUTH_SECRET with HKDF and its own purpose label ("api-key-hmac"), so a copy of the
 * database alone cannot test guesses, and no other use of AUTH_SECRET yields the same key.
 */
export const API_KEY_PREFIX = "cndr_";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const API_KEY_PATTERN = /^cndr_([0-9A-Za-z]{8})_([0-9A-Za-z]{43})$/;

/** Base62 of `bytes` random bytes, fixed width (leading zeros kept), by rejection-free big-int division. */
function base62(bytes: Buffer, width: number): string {
  let value = BigInt(`0x${bytes.toString("hex")}`);
  let out = "";
  for (let i = 0; i < width; i++) {
    out = BASE62[Number(value % 62n)]! + out;
    value /= 62n;
  }
  return out;
}

export function newApiKey(): { key: string; publicId: string } {
  // 6 bytes give 48 bits, more than 8 base62 digits hold (47.6): the public id is uniform enough to
  // be unique in practice; the unique index has the last word.
  const publicId = base62(randomBytes(6), 8);
  // 62^43 > 2^256: all 256 bits of the secret survive the encoding.
  const secret = base62(randomBytes(32), 43);
  return { key: `${API_KEY_PREFIX}${publicId}_${secret}`, publicId };
}

export function hashApiKey(key: string): string {
  return macOf(key, env().AUTH_SECRET, "api-key-hmac", "hex");
}

/** The key's parts, or null when the text is not shaped like a key (no database work for junk). */
export function parseApiKey(text: string): { publicId: string; key: string } | null {
  const match = API_KEY_PATTERN.exec(text);
  return match ? { publicId: match[1]!, key: text } : null;
}
