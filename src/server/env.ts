import * as z from "zod";

/**
 * The one place that reads process.env. Parsed lazily on first use (not at import), so that
 * `next build` can load route modules without a database or secrets.
 */
const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "DATABASE_URL must be a postgres:// URL" }),
    APP_DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: "APP_DATABASE_URL must be a postgres:// URL" })
      .optional(),
    AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters (openssl rand -base64 32)"),
    // 32 random bytes, base64 (`openssl rand -base64 32`): seals tenants' signing keys.
    DATA_ENCRYPTION_KEY: z
      .string({ error: "DATA_ENCRYPTION_KEY is required (openssl rand -base64 32)" })
      .refine((v) => Buffer.from(v, "base64").length === 32, "DATA_ENCRYPTION_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)"),
    DATA_ENCRYPTION_KEY_VERSION: z.coerce.number().int().min(1).default(1),
    // Earlier keys, kept to open what they sealed after a rotation: "1:<base64>,2:<base64>".
    DATA_ENCRYPTION_KEYS_PREVIOUS: z
      .string()
      .regex(/^\d+:[A-Za-z0-9+/=]+(,\d+:[A-Za-z0-9+/=]+)*$/, "DATA_ENCRYPTION_KEYS_PREVIOUS: version:base64 pairs, comma-separated")
      .optional(),
    APP_URL: z.url({ protocol: /^https?$/, error: "APP_URL must be an http(s) URL, e.g. https://trust.example.com" }),
    EMAIL_FROM: z.string().min(3).default("Candor <no-reply@candor.localhost>"),
    RESEND_API_KEY: z.string().min(1).optional(),
    EMAIL_TRANSPORT: z.enum(["resend", "mailbox"]).optional(),
    // Resend's webhook signing secret (bounces and complaints, POST /api/webhooks/resend). Unset:
    // every webhook call is refused (401).
    RESEND_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9+/=]+$/, "RESEND_WEBHOOK_SECRET is Resend's signing secret, whsec_…").optional(),
    // Tenants' trust centers answer at {slug}.{PLATFORM_DOMAIN}; "localhost" needs no DNS in
    // development (http://demo.localhost:3000/).
    PLATFORM_DOMAIN: z
      .string()
      .default("localhost")
      .transform((v) => v.trim().toLowerCase().replace(/\.$/, ""))
      .refine((v) => /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(v), "PLATFORM_DOMAIN must be a host name, e.g. trust.example.com"),
    // Where customers point their custom domain's CNAME (defaults to cname.{PLATFORM_DOMAIN}).
    PLATFORM_CNAME_TARGET: z.string().min(3).optional(),
    // DNS servers for domain verification ("host:port", comma-separated); the system's by default.
    DNS_SERVERS: z.string().regex(/^[^,\s]+(,[^,\s]+)*$/, "DNS_SERVERS: host:port entries, comma-separated").optional(),
    // Reverse proxies in front of this server; the client IP and scheme come from the socket when 0 (ADR 006).
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
    // The interface the web server listens on; see bindAddress().
    HOSTNAME_BIND: z.string().trim().min(1).optional(),
    // Web processes sharing the port (scripts/web.ts, node:cluster): 1, or about one per core.
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    // Dashboard requests (pages, saves) each production web process works on at once; the rest wait in arrival order (ADR 041; 0: no limit).
    DASHBOARD_CONCURRENCY: z.coerce.number().int().min(0).max(1_000).default(12),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    // Uploaded documents: local disk by default; S3-compatible storage when S3_BUCKET is set.
    FILE_STORAGE_DIR: z.string().min(1).default(".data/files"),
    // Where published pages are written for the edge (Caddy) to serve directly; unset: not written.
    PUBLISHED_DIR: z.string().min(1).optional(),
    // Memory for published pages held by each web process (stored artifacts and the edge's answers, in MiB).
    EDGE_MEMORY_MB: z.coerce.number().int().min(16).max(65_536).default(384),
    // Requests a starting web process serves itself before it listens, to warm the fast path's code (0: none).
    EDGE_WARM_UP_REQUESTS: z.coerce.number().int().min(0).max(100_000).default(3_000),
    // The REST API's limits (ADR 035): requests a minute per API key, and failed key verifications
    // (malformed, unknown, revoked or expired keys) per client IP per 10 minutes before that IP's
    // bearers are refused with 429 without a lookup. Raised by `npm run bench:api`, not in code.
    API_KEY_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
    API_AUTH_FAILURES_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(20),
    S3_BUCKET: z.string().min(1).optional(),
    S3_REGION: z.string().min(1).default("us-east-1"),
    S3_ENDPOINT: z.url().optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  })
  .superRefine((env, ctx) => {
    if (env.EMAIL_TRANSPORT === "resend" && !env.RESEND_API_KEY) {
      ctx.addIssue({ code: "custom", path: ["RESEND_API_KEY"], message: "EMAIL_TRANSPORT=resend needs RESEND_API_KEY" });
    }
    if (env.NODE_ENV === "production" && !env.RESEND_API_KEY && env.EMAIL_TRANSPORT !== "mailbox") {
      ctx.addIssue({ code: "custom", path: ["RESEND_API_KEY"], message: "is required in production to send email" });
    }
    // The development mailbox shows every sign-in link to whoever opens it. A production build
    // may use it only when it is reachable from this machine alone (the end-to-end tests).
    if (env.NODE_ENV === "production" && env.EMAIL_TRANSPORT === "mailbox" && !isLoopbackUrl(env.APP_URL)) {
      ctx.addIssue({
        code: "custom",
        path: ["EMAIL_TRANSPORT"],
        message: "mailbox shows sign-in links to anyone who can open /dev/mailbox: in production it is allowed only with a loopback APP_URL (local testing)",
      });
    }
    if (env.NODE_ENV === "production" && env.EMAIL_TRANSPORT === "mailbox" && env.HOSTNAME_BIND && !isLoopbackHost(env.HOSTNAME_BIND)) {
      ctx.addIssue({
        code: "custom",
        path: ["HOSTNAME_BIND"],
        message: "with EMAIL_TRANSPORT=mailbox a production server listens on loopback only (127.0.0.1, ::1 or localhost)",
      });
    }
  })
  .transform((env) => ({
    ...env,
    EMAIL_TRANSPORT: env.EMAIL_TRANSPORT ?? (env.RESEND_API_KEY ? ("resend" as const) : ("mailbox" as const)),
    PLATFORM_CNAME_TARGET: (env.PLATFORM_CNAME_TARGET ?? `cname.${env.PLATFORM_DOMAIN}`).toLowerCase().replace(/\.$/, ""),
  }));

export type Env = z.infer<typeof schema>;

export function isLoopbackUrl(url: string) {
  return isLoopbackHost(new URL(url).hostname);
}

function isLoopbackHost(host: string) {
  return host === "localhost" || host === "127.0.0.1" || host === "::1" || host === "[::1]";
}

/**
 * Where the web server listens: HOSTNAME_BIND, else every interface, except while mail goes
 * to the development mailbox: then loopback only, so that nothing off this machine can reach
 * a server that holds sign-in links (the mailbox also answers only loopback peers).
 */
export function bindAddress(config: Env): string {
  return config.HOSTNAME_BIND ?? (config.EMAIL_TRANSPORT === "mailbox" ? "127.0.0.1" : "0.0.0.0");
}

let cached: Env | undefined;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Candor cannot start, the environment is incomplete:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty value means "not set" (docker compose's `${X:-}`, an emptied line in .env).
  const result = schema.safeParse(Object.fromEntries(Object.entries(source).filter(([, value]) => value !== "")));
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => {
        const key = issue.path.join(".");
        return issue.code === "invalid_type" && issue.input === undefined ? `${key} is required` : `${key}: ${issue.message}`;
      }),
    );
  }
  return result.data;
}

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that change the environment between cases. */
export function resetEnvCache() {
  cached = undefined;
}

/**
 * Settings needed before (or without) a complete environment, e.g. by the logger during
 * `next build`. Never secrets.
 */
export function bootSettings() {
  const nodeEnv = process.env.NODE_ENV ?? "development";
  return {
    nodeEnv,
    logLevel: process.env.LOG_LEVEL ?? (nodeEnv === "test" ? "warn" : "info"),
  };
}
