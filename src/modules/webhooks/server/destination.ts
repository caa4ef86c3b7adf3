import "server-only";

import { lookup } from "node:dns/promises";
import https from "node:https";
import { isIP } from "node:net";
import { AppError } from "@/server/errors";

/**
 * Where a webhook may go (ADR 032): an https:// URL whose host name resolves only to public
 * addresses. Checked when an endpoint is saved and again before every send, and the request
 * connects to the very address that was checked (a pinned `lookup`), so DNS answering
 * differently a second time (rebinding) cannot send it inside. Redirects are never followed.
 */

export type ResolvedAddress = { address: string; family: 4 | 6 };
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/**
 * Test hook, set only by tests, never from configuration: a resolver of their own (a test DNS
 * server), an exception to the public-address rule for their own receiver, and the CA of that
 * receiver's self-signed certificate. The https:// rule has no exception.
 */
export type DestinationTestHooks = { resolve?: Resolver; allow?: (address: string, hostname: string) => boolean; ca?: string };
let testHooks: DestinationTestHooks | null = null;
/** Sets the test hooks (null: none) and returns the ones set before, to put back. */
export function setDestinationTestHooks(hooks: DestinationTestHooks | null): DestinationTestHooks | null {
  const previous = testHooks;
  testHooks = hooks;
  return previous;
}

export const SEND_TIMEOUT_MS = 10_000;
export const EXCERPT_BYTES = 1024;

const systemResolver: Resolver = async (hostname) => {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

// IPv4 ranges no webhook may reach: [first octets as a number, prefix length, why].
const V4_BLOCKED: [string, number, string][] = [
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "carrier-grade NAT"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local (cloud metadata)"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "reserved"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];

function v4Number(ip: string): number {
  return ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

function v4Refusal(ip: string): string | null {
  const n = v4Number(ip);
  for (const [base, bits, why] of V4_BLOCKED) {
    const size = 2 ** (32 - bits);
    const start = v4Number(base);
    if (n >= start && n < start + size) return why;
  }
  return null;
}

/** The 16 bytes of an IPv6 address (with an embedded dotted IPv4 tail, as in ::ffff:127.0.0.1). */
function v6Bytes(ip: string): number[] {
  let text = ip.toLowerCase().replace(/%.*$/, "");
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const n = v4Number(dotted[1]!);
    text = text.slice(0, -dotted[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return groups.flatMap((g) => {
    const v = parseInt(g || "0", 16);
    return [v >> 8, v & 0xff];
  });
}

function v6Refusal(ip: string): string | null {
  const b = v6Bytes(ip);
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const embedded = (at: number) => b.slice(at, at + 4).join(".");
  if (zeros(0, 16)) return "unspecified";
  if (zeros(0, 15) && b[15] === 1) return "loopback";
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d): judge the IPv4 inside.
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return v4Refusal(embedded(12));
  if (zeros(0, 12)) return v4Refusal(embedded(12));
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return v4Refusal(embedded(12));
  if (b[0] === 0x20 && b[1] === 0x02) return v4Refusal(embedded(2)); // 6to4
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return "link-local";
  if ((b[0]! & 0xfe) === 0xfc) return "unique-local (cloud metadata)";
  if (b[0] === 0xff) return "multicast";
  return null;
}

/** Why an address may not receive webhooks (loopback, private, …), or null for a public one. */
export function addressRefusal(ip: string): string | null {
  const kind = isIP(ip.replace(/%.*$/, ""));
  if (kind === 4) return v4Refusal(ip);
  if (kind === 6) return v6Refusal(ip);
  return "not an IP address";
}

const refuse = (message: string): never => {
  throw new AppError("validation", message, { fieldErrors: { url: [message] } });
};

/** Parses a webhook URL: https only, no credentials, a host name or IP literal. */
export function parseDestination(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return refuse("Enter a full URL starting with https://.");
  }
  if (url.protocol !== "https:") refuse("Webhook URLs must start with https:// (plain HTTP is not allowed).");
  if (url.username || url.password) refuse("Leave user names and passwords out of the URL; verify our signature instead.");
  if (!url.hostname) refuse("Enter a URL with a host name.");
  url.hash = "";
  return url;
}

export type Destination = { url: URL; hostname: string; address: ResolvedAddress };

/**
 * Resolves the URL's host and checks every address it has (one private address among public
 * ones is enough to refuse: the client might pick it). Throws a validation AppError saying why.
 */
export async function checkDestination(raw: string): Promise<Destination> {
  const url = parseDestination(raw);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: ResolvedAddress[];
  if (isIP(hostname)) {
    addresses = [{ address: hostname, family: isIP(hostname) === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (testHooks?.resolve ?? systemResolver)(hostname);
    } catch {
      return refuse(`${hostname} does not resolve. Check the host name.`);
    }
  }
  if (addresses.length === 0) refuse(`${hostname} does not resolve. Check the host name.`);
  for (const a of addresses) {
    const why = addressRefusal(a.address);
    if (why && !testHooks?.allow?.(a.address, hostname)) {
      refuse(`${hostname} points to ${a.address}, a ${why} address. Webhooks go only to public internet addresses.`);
    }
  }
  return { url, hostname, address: addresses[0]! };
}

export type SendResult = { status: number; excerpt: string; latencyMs: number };

/**
 * POSTs `body` to a checked destination, connecting to the checked address only (SNI and the
 * certificate are still checked against the host name). No redirect is followed; 10 s in all;
 * the answer is read up to 1 KiB. Throws on a network error or the timeout.
 */
export function send(destination: Destination, headers: Record<string, string>, body: string): Promise<SendResult> {
  const started = performance.now();
  const pinned = destination.address;
  return new Promise((resolve, reject) => {
    const request = https.request(
      destination.url,
      {
        method: "POST",
        agent: false,
        headers: { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), "user-agent": "Candor-Webhooks/1" },
        servername: isIP(destination.hostname) ? undefined : destination.hostname,
        lookup: (_host, options, callback) => {
          if ((options as { all?: boolean }).all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
          else callback(null, pinned.address, pinned.family);
        },
        ...(testHooks?.ca ? { ca: testHooks.ca } : {}),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          const excerpt = new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks).subarray(0, EXCERPT_BYTES));
          resolve({ status: response.statusCode ?? 0, excerpt: trimToBytes(excerpt, EXCERPT_BYTES), latencyMs: Math.round(performance.now() - started) });
          response.destroy();
        };
        response.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= EXCERPT_BYTES) finish();
        });
        response.on("end", finish);
        response.on("error", finish);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** Cuts text to at most `bytes` UTF-8 bytes without splitting a character. */
function trimToBytes(text: string, bytes: number): string {
  let out = text;
  while (Buffer.byteLength(out) > bytes) out = out.slice(0, -1);
  return out;
}
