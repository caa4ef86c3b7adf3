import "server-only";
import { Resolver } from "node:dns/promises";
import { env } from "@/server/env";

/**
 * DNS lookups for custom-domain verification, behind one small interface so that tests can
 * point it at a real DNS server on loopback (tests/setup/dns-server.ts) instead of mocking.
 *
 * Answers come from whoever controls the customer's zone: they are untrusted input (ASVS 1.5,
 * OWASP API10). We read at most MAX_RECORDS records, skip any longer than MAX_RECORD_LENGTH,
 * and never throw on what a server sends; only the caller's own misconfiguration throws.
 */
export type DnsAnswer = { kind: "ok"; records: string[] } | { kind: "none" } | { kind: "error"; code: string };

export interface DnsResolver {
  txt(name: string): Promise<DnsAnswer>;
  cname(name: string): Promise<DnsAnswer>;
}

const MAX_RECORDS = 100;
const MAX_RECORD_LENGTH = 1024;
// NXDOMAIN (ENOTFOUND) and "the name exists but has no record of this type" (ENODATA).
const NO_RECORDS = new Set(["ENODATA", "ENOTFOUND"]);

export function systemResolver(options: { servers?: string[]; timeoutMs?: number; tries?: number } = {}): DnsResolver {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 2000, tries: options.tries ?? 2 });
  if (options.servers?.length) resolver.setServers(options.servers);
  return {
    txt: (name) => lookup(() => resolver.resolveTxt(name), (record) => (Array.isArray(record) ? record.join("") : record)),
    cname: (name) => lookup(() => resolver.resolveCname(name), (record) => record),
  };
}

async function lookup<T>(query: () => Promise<T[]>, toText: (record: T) => unknown): Promise<DnsAnswer> {
  let raw: T[];
  try {
    raw = await query();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "string" && NO_RECORDS.has(code)) return { kind: "none" };
    return { kind: "error", code: typeof code === "string" ? code : "EUNKNOWN" };
  }
  const records: string[] = [];
  for (const record of Array.isArray(raw) ? raw.slice(0, MAX_RECORDS) : []) {
    const text = toText(record);
    if (typeof text === "string" && text.length <= MAX_RECORD_LENGTH) records.push(text);
  }
  // Records that exist but are all unusable still mean "something is there": not "none".
  return { kind: "ok", records };
}

let defaultResolver: DnsResolver | undefined;

/** The resolver for the running app: DNS_SERVERS ("host:port", comma-separated) or the system's. */
export function dnsResolver(): DnsResolver {
  defaultResolver ??= systemResolver({ servers: env().DNS_SERVERS?.split(",").map((server) => server.trim()) });
  return defaultResolver;
}

export const CHALLENGE_PREFIX = "_candor-challenge.";

export type CheckReason = "TXT_MISSING" | "TXT_WRONG" | "CNAME_MISSING" | "CNAME_ELSEWHERE" | "DNS_ERROR";

export type DomainCheck =
  | { ok: true }
  | { ok: false; reason: CheckReason; transient: boolean; message: string; seen: string[] };

const SEEN_MAX = 5;
const SEEN_LENGTH = 100;
const QUOTED_MAX = 3;
const QUOTED_LENGTH = 40;

/**
 * Whether `hostname` proves control (TXT `_candor-challenge.<hostname>` = token) and, in CNAME
 * mode, points at us. PROXY mode (the customer's own proxy or CDN in front) needs the proof only.
 * `hostname` and `cnameTarget` are lowercase punycode without a trailing dot.
 */
export async function checkDomain(
  input: { hostname: string; token: string; mode: "CNAME" | "PROXY"; cnameTarget: string },
  resolver: DnsResolver,
): Promise<DomainCheck> {
  const { hostname, token, mode, cnameTarget } = input;
  const challenge = `${CHALLENGE_PREFIX}${hostname}`;

  const txt = await resolver.txt(challenge);
  if (txt.kind === "error") return dnsError(txt.code);
  if (txt.kind === "none") {
    return fail("TXT_MISSING", `No TXT record at ${challenge}. Add it with the value shown above.`, []);
  }
  const values = txt.records.map((record) => record.trim());
  if (!values.includes(token)) {
    const seen = values.slice(0, SEEN_MAX).map((value) => cut(value, SEEN_LENGTH));
    return fail("TXT_WRONG", txtWrongMessage(challenge, values), seen);
  }
  if (mode === "PROXY") return { ok: true };

  const cname = await resolver.cname(hostname);
  if (cname.kind === "error") return dnsError(cname.code);
  if (cname.kind === "none") {
    return fail("CNAME_MISSING", `${hostname} has no CNAME record. Point it to ${cnameTarget}.`, []);
  }
  const targets = cname.records.map((record) => record.trim().toLowerCase().replace(/\.$/, ""));
  if (targets.includes(cnameTarget)) return { ok: true };
  const seen = targets.slice(0, SEEN_MAX).map((target) => cut(target, SEEN_LENGTH));
  const shown = seen.length ? seen.slice(0, QUOTED_MAX).map((target) => cut(target, QUOTED_LENGTH)).join(", ") : "another name";
  return fail("CNAME_ELSEWHERE", `${hostname} points to ${shown} (CNAME), not ${cnameTarget}.`, seen);
}

function fail(reason: Exclude<CheckReason, "DNS_ERROR">, message: string, seen: string[]): DomainCheck {
  return { ok: false, reason, transient: false, message, seen };
}

function dnsError(code: string): DomainCheck {
  return {
    ok: false,
    reason: "DNS_ERROR",
    transient: true,
    message: `The DNS lookup failed (${describeCode(code)}); this is usually temporary. Nothing was changed; try again in a few minutes.`,
    seen: [],
  };
}

function txtWrongMessage(challenge: string, values: string[]) {
  if (values.length === 0) return `The TXT record at ${challenge} has a different value. Set it to the value shown above.`;
  const quoted = values.slice(0, QUOTED_MAX).map((value) => `"${cut(value, QUOTED_LENGTH)}"`);
  const more = values.length > QUOTED_MAX ? ` and ${values.length - QUOTED_MAX} more` : "";
  if (values.length === 1) return `The TXT record at ${challenge} has a different value (${quoted[0]}). Set it to the value shown above.`;
  return `The TXT records at ${challenge} have different values (${quoted.join(", ")}${more}). Set one of them to the value shown above.`;
}

const CODE_NAMES: Record<string, string> = {
  ESERVFAIL: "SERVFAIL",
  EREFUSED: "REFUSED",
  ETIMEOUT: "timeout",
  ECONNREFUSED: "connection refused",
  EBADRESP: "bad response",
};

function describeCode(code: string) {
  return CODE_NAMES[code] ?? cut(code.replace(/[^A-Za-z0-9_]/g, ""), 32);
}

/** At most `max` characters, control characters replaced, "…" when cut. */
function cut(value: string, max: number) {
  const printable = value.replace(/[\u0000-\u001f\u007f]/g, "\uFFFD");
  return printable.length > max ? `${printable.slice(0, max - 1)}…` : printable;
}
