import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/** A URL-safe token with `bytes` bytes of CSPRNG entropy (default 32 = 256 bits), hex-encoded. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("hex");
}

export function sha256Hex(input: string): string {
  return createHash("sha256").update(input).digest("hex");
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Authenticated encryption (AES-256-GCM) for data at rest, under a key derived with HKDF from
 * a secret in the environment and a purpose label. Output: `v1.<iv>.<tag>.<ciphertext>`
 * (base64url). The version prefix names the derivation, so keys can rotate later.
 */
export function seal(plaintext: string, secret: string, purpose: string): string {
  const key = deriveKey(secret, purpose);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function open(sealed: string, secret: string, purpose: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("Unrecognised sealed value");
  const decipher = createDecipheriv("aes-256-gcm", deriveKey(secret, purpose), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

/**
 * A MAC (HMAC-SHA256) of `message` under a key derived from `secret` for `purpose`: links that
 * carry their own authority (a subscriber's manage and unsubscribe links, base64url) and the
 * stored form of API keys (hex). Compare with constantTimeEqual.
 */
export function macOf(message: string, secret: string, purpose: string, encoding: "base64url" | "hex" = "base64url"): string {
  return createHmac("sha256", deriveKey(secret, purpose)).update(message).digest(encoding);
}

/** Derived keys, kept per secret and purpose: HKDF once, not on every request that checks a MAC. */
const derived = new Map<string, Buffer>();
function deriveKey(secret: string, purpose: string): Buffer {
  const id = `${purpose}\u0000${secret}`;
  let key = derived.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, "candor", `candor:${purpose}:v1`, 32));
    derived.set(id, key);
  }
  return key;
}

/**
 * Data keys (DATA_ENCRYPTION_KEY, versioned): AES-256-GCM for secrets kept at rest, such as
 * tenants' signing keys. Output `k<version>.<iv>.<tag>.<ciphertext>`, so a value sealed before a
 * rotation still opens with DATA_ENCRYPTION_KEYS_PREVIOUS.
 */
export type DataKeys = { current: { version: number; key: Buffer }; previous: Map<number, Buffer> };

export function dataKeys(config: { DATA_ENCRYPTION_KEY: string; DATA_ENCRYPTION_KEY_VERSION: number; DATA_ENCRYPTION_KEYS_PREVIOUS?: string | undefined }): DataKeys {
  const previous = new Map<number, Buffer>();
  for (const pair of config.DATA_ENCRYPTION_KEYS_PREVIOUS?.split(",") ?? []) {
    const [version, key] = pair.split(":");
    previous.set(Number(version), Buffer.from(key!, "base64"));
  }
  return { current: { version: config.DATA_ENCRYPTION_KEY_VERSION, key: Buffer.from(config.DATA_ENCRYPTION_KEY, "base64") }, previous };
}

export function sealWithDataKey(plaintext: string, keys: DataKeys, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keys.current.key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [`k${keys.current.version}`, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function openWithDataKey(sealed: string, keys: DataKeys, aad: string): string {
  const [label, iv, tag, body] = sealed.split(".");
  const version = Number(label?.slice(1));
  const key = version === keys.current.version ? keys.current.key : keys.previous.get(version);
  if (!label?.startsWith("k") || !key || !iv || !tag || body === undefined) throw new Error(`No data key of version ${version} to open this value`);
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
