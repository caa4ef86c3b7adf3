import { describe, expect, it } from "vitest";
import { dataKeys, open, openWithDataKey, randomToken, seal, sealWithDataKey } from "@/server/crypto";
import { sniffImageType } from "@/modules/organizations/server/sniff";
import { contentSecurityPolicy } from "@/proxy";
import { EnvError, parseEnv } from "@/server/env";
import { appDatabaseUrl } from "@/server/db/urls";

describe("sealed values (AES-256-GCM)", () => {
  it("round-trips, and any change to the ciphertext, the key or the purpose is refused", () => {
    const sealed = seal("sign-in link", "k".repeat(40), "outbox-payload");
    expect(sealed).not.toContain("sign-in link");
    expect(open(sealed, "k".repeat(40), "outbox-payload")).toBe("sign-in link");
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0]! ^= 1;
    const tampered = [...parts.slice(0, 3), body.toString("base64url")].join(".");
    expect(() => open(tampered, "k".repeat(40), "outbox-payload")).toThrow();
    expect(() => open(sealed, "j".repeat(40), "outbox-payload")).toThrow();
    expect(() => open(sealed, "k".repeat(40), "other-purpose")).toThrow();
  });

  it("random tokens are 256-bit hex and do not repeat", () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => randomToken()));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("data keys (DATA_ENCRYPTION_KEY, versioned)", () => {
  const key1 = Buffer.alloc(32, 1).toString("base64");
  const key2 = Buffer.alloc(32, 2).toString("base64");
  const v1 = dataKeys({ DATA_ENCRYPTION_KEY: key1, DATA_ENCRYPTION_KEY_VERSION: 1 });

  it("seals under the current version, bound to its purpose, and opens only with the same key and purpose", () => {
    const sealed = sealWithDataKey("private key", v1, "candor:signing-key:org-a");
    expect(sealed).toMatch(/^k1\./);
    expect(sealed).not.toContain("private key");
    expect(sealWithDataKey("private key", v1, "candor:signing-key:org-a")).not.toBe(sealed); // a fresh IV each time
    expect(openWithDataKey(sealed, v1, "candor:signing-key:org-a")).toBe("private key");
    // Copied to another organisation's row: refused.
    expect(() => openWithDataKey(sealed, v1, "candor:signing-key:org-b")).toThrow();
    const [label, iv, tag, body] = sealed.split(".");
    const flipped = Buffer.from(body!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => openWithDataKey([label, iv, tag, flipped.toString("base64url")].join("."), v1, "candor:signing-key:org-a")).toThrow();
    expect(() => openWithDataKey(sealed, dataKeys({ DATA_ENCRYPTION_KEY: key2, DATA_ENCRYPTION_KEY_VERSION: 1 }), "candor:signing-key:org-a")).toThrow();
  });

  it("after a rotation, values sealed with the old key still open, and new ones use the new key", () => {
    const old = sealWithDataKey("secret", v1, "aad");
    const rotated = dataKeys({ DATA_ENCRYPTION_KEY: key2, DATA_ENCRYPTION_KEY_VERSION: 2, DATA_ENCRYPTION_KEYS_PREVIOUS: `1:${key1}` });
    expect(openWithDataKey(old, rotated, "aad")).toBe("secret");
    const fresh = sealWithDataKey("secret", rotated, "aad");
    expect(fresh).toMatch(/^k2\./);
    // Without the old key, an old value is refused with a message naming the missing version.
    expect(() => openWithDataKey(old, dataKeys({ DATA_ENCRYPTION_KEY: key2, DATA_ENCRYPTION_KEY_VERSION: 2 }), "aad")).toThrow(/version 1/);
    expect(() => openWithDataKey("garbage", rotated, "aad")).toThrow();
  });
});

describe("image sniffing", () => {
  it("reads the type from the bytes, not the name", () => {
    expect(sniffImageType(Buffer.from("89504e470d0a1a0a00", "hex"))).toBe("image/png");
    expect(sniffImageType(Buffer.from("ffd8ffe000", "hex"))).toBe("image/jpeg");
    expect(sniffImageType(Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WEBPVP8 ")]))).toBe("image/webp");
    expect(sniffImageType(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeUndefined();
    expect(sniffImageType(Buffer.from(""))).toBeUndefined();
  });
});

describe("Content-Security-Policy", () => {
  it("allows scripts only by nonce in production, and forbids framing", () => {
    const csp = contentSecurityPolicy("abc123", { https: true, development: false });
    const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src"));
    expect(scriptSrc).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("upgrade-insecure-requests");
  });
});

describe("environment", () => {
  const complete = {
    NODE_ENV: "production",
    DATABASE_URL: "postgres://u:p@db/candor",
    AUTH_SECRET: "s".repeat(32),
    DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
    APP_URL: "https://trust.example.com",
    RESEND_API_KEY: "re_x",
  };

  it("production refuses to start without its required variables, naming each", () => {
    const error = (() => {
      try {
        parseEnv({ NODE_ENV: "production" });
      } catch (e) {
        return e as EnvError;
      }
    })();
    expect(error).toBeInstanceOf(EnvError);
    expect(error!.problems).toEqual(expect.arrayContaining(["DATABASE_URL is required", "AUTH_SECRET is required", "APP_URL is required", "DATA_ENCRYPTION_KEY is required"]));
  });

  it("production needs a mail provider; the sign-in-leaking mailbox only on a loopback APP_URL", () => {
    const { RESEND_API_KEY: _, ...withoutMail } = complete;
    expect(() => parseEnv(withoutMail)).toThrow(/RESEND_API_KEY/);
    expect(() => parseEnv({ ...withoutMail, EMAIL_TRANSPORT: "mailbox" })).toThrow(/EMAIL_TRANSPORT/);
    expect(parseEnv({ ...withoutMail, EMAIL_TRANSPORT: "mailbox", APP_URL: "http://127.0.0.1:3100" }).EMAIL_TRANSPORT).toBe("mailbox");
    expect(parseEnv(complete).EMAIL_TRANSPORT).toBe("resend");
  });

  it("treats an empty value as unset (docker compose's ${X:-}), and defaults the platform domain", () => {
    const parsed = parseEnv({ ...complete, S3_BUCKET: "", DNS_SERVERS: "", DATA_ENCRYPTION_KEYS_PREVIOUS: "", PLATFORM_CNAME_TARGET: "", APP_DATABASE_URL: "" });
    expect(parsed.S3_BUCKET).toBeUndefined();
    expect(parsed.DNS_SERVERS).toBeUndefined();
    expect(parsed.PLATFORM_DOMAIN).toBe("localhost");
    expect(parsed.PLATFORM_CNAME_TARGET).toBe("cname.localhost");
    expect(parseEnv({ ...complete, PLATFORM_DOMAIN: "Trust.Example.COM." })).toMatchObject({ PLATFORM_DOMAIN: "trust.example.com", PLATFORM_CNAME_TARGET: "cname.trust.example.com" });
    expect(() => parseEnv({ ...complete, PLATFORM_DOMAIN: "https://trust.example.com" })).toThrow(/PLATFORM_DOMAIN/);
    // A required value left empty is still missing.
    expect(() => parseEnv({ ...complete, AUTH_SECRET: "" })).toThrow(/AUTH_SECRET is required/);
  });

  it("refuses a data encryption key that is not 32 bytes", () => {
    expect(() => parseEnv({ ...complete, DATA_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") })).toThrow(/32 bytes/);
  });

  it("rejects a short AUTH_SECRET and a non-http APP_URL", () => {
    expect(() => parseEnv({ ...complete, AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET/);
    expect(() => parseEnv({ ...complete, APP_URL: "javascript:alert(1)" })).toThrow(/APP_URL/);
  });

  it("derives the application role's URL from DATABASE_URL unless APP_DATABASE_URL is given", () => {
    const derived = new URL(appDatabaseUrl({ DATABASE_URL: "postgres://admin:secret@db:5432/candor" }));
    expect(derived.username).toBe("candor_app");
    expect(derived.password).not.toBe("secret");
    expect(derived.host).toBe("db:5432");
    expect(appDatabaseUrl({ DATABASE_URL: "postgres://a@db/x", APP_DATABASE_URL: "postgres://app@db/x" })).toBe("postgres://app@db/x");
    // Roles are per server: every database on it derives the same password.
    const other = new URL(appDatabaseUrl({ DATABASE_URL: "postgres://admin:secret@db:5432/candor_test?sslmode=require" }));
    expect(other.password).toBe(derived.password);
  });
});

describe("the session cookie", () => {
  it("is __Host- prefixed when the app is served over https, plain in http development", async () => {
    const { sessionCookieName } = await import("@/modules/auth/server/config");
    const { resetEnvCache } = await import("@/server/env");
    const saved = process.env.APP_URL;
    try {
      process.env.APP_URL = "https://trust.example.com";
      resetEnvCache();
      expect(sessionCookieName()).toBe("__Host-candor.session");
      process.env.APP_URL = "http://localhost:3000";
      resetEnvCache();
      expect(sessionCookieName()).toBe("candor.session");
    } finally {
      process.env.APP_URL = saved;
      resetEnvCache();
    }
  });
});
