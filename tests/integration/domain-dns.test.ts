import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CHALLENGE_PREFIX, checkDomain, dnsResolver, systemResolver, type DnsResolver } from "@/modules/domains/server/dns";
import { resetEnvCache } from "@/server/env";
import { ANSWERING_TIMEOUT_MS, startDnsServer, type TestDnsServer } from "../setup/dns-server";

/**
 * Custom-domain verification against a real DNS server on loopback (dns2, UDP and TCP), through
 * Node's own resolver: what a customer's zone can really answer, including hostile answers.
 */
const TOKEN = "candor-verify-7f3a9c2e4b1d8f6a0c5e";
const TARGET = "cname.candor.example";
const HOST = "trust.acme.com";
const CHALLENGE = `${CHALLENGE_PREFIX}${HOST}`;

// Node's resolver gives up after about 5 s by default (2 s, 2 tries). The timeout tests configure
// much less, and check that they are answered well before the default would have.
const GIVE_UP_MS = 500;
const WELL_BEFORE_THE_DEFAULT_MS = 4_000;

let server: TestDnsServer;
let resolver: DnsResolver;
/** For SILENT names only: a short timeout, so that waiting it out is quick. */
let impatient: DnsResolver;

beforeAll(async () => {
  server = await startDnsServer();
  resolver = systemResolver({ servers: [server.address], timeoutMs: ANSWERING_TIMEOUT_MS, tries: 1 });
  impatient = systemResolver({ servers: [server.address], timeoutMs: GIVE_UP_MS, tries: 1 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const check = (mode: "CNAME" | "PROXY" = "CNAME", hostname = HOST) => checkDomain({ hostname, token: TOKEN, mode, cnameTarget: TARGET }, resolver);

describe("checkDomain in CNAME mode", () => {
  it("verifies a domain with the right TXT proof and a CNAME to us, asking the server for both", async () => {
    server.setTxt(CHALLENGE, [TOKEN]);
    server.setCname(HOST, TARGET);

    expect(await check()).toEqual({ ok: true });
    expect(server.queries).toEqual([
      { name: CHALLENGE, type: "TXT" },
      { name: HOST, type: "CNAME" },
    ]);
  });

  it("reports TXT_MISSING when the challenge name does not exist, and asks nothing more", async () => {
    server.setCname(HOST, TARGET);

    const result = await check();
    expect(result).toEqual({
      ok: false,
      reason: "TXT_MISSING",
      transient: false,
      message: `No TXT record at ${CHALLENGE}. Add it with the value shown above.`,
      seen: [],
    });
    expect(server.queries).toEqual([{ name: CHALLENGE, type: "TXT" }]);
  });

  it("reports TXT_MISSING when the challenge name exists without TXT records (NODATA)", async () => {
    server.setA(CHALLENGE, "192.0.2.1");
    expect(await check()).toMatchObject({ ok: false, reason: "TXT_MISSING", transient: false });
  });

  it("reports TXT_WRONG with the values it saw", async () => {
    server.setTxt(CHALLENGE, ["candor-verify-old-token"]);
    server.setCname(HOST, TARGET);

    expect(await check()).toEqual({
      ok: false,
      reason: "TXT_WRONG",
      transient: false,
      message: `The TXT record at ${CHALLENGE} has a different value ("candor-verify-old-token"). Set it to the value shown above.`,
      seen: ["candor-verify-old-token"],
    });
  });

  it("does not accept a value that only contains or resembles the token", async () => {
    server.setTxt(CHALLENGE, [`x${TOKEN}`, TOKEN.toUpperCase(), TOKEN.slice(0, -1)]);
    server.setCname(HOST, TARGET);
    const result = await check();
    expect(result).toMatchObject({ ok: false, reason: "TXT_WRONG" });
    if (!result.ok) expect(result.message).toContain("have different values");
  });

  it("reports CNAME_MISSING for a host with only an A record", async () => {
    server.setTxt(CHALLENGE, [TOKEN]);
    server.setA(HOST, "192.0.2.10");

    expect(await check()).toEqual({
      ok: false,
      reason: "CNAME_MISSING",
      transient: false,
      message: `${HOST} has no CNAME record. Point it to ${TARGET}.`,
      seen: [],
    });
  });

  it("reports CNAME_MISSING for a host that does not exist at all", async () => {
    server.setTxt(CHALLENGE, [TOKEN]);
    expect(await check()).toMatchObject({ ok: false, reason: "CNAME_MISSING", transient: false });
  });

  it("reports CNAME_ELSEWHERE with the target it saw", async () => {
    server.setTxt(CHALLENGE, [TOKEN]);
    server.setCname(HOST, "other.example");

    expect(await check()).toEqual({
      ok: false,
      reason: "CNAME_ELSEWHERE",
      transient: false,
      message: `${HOST} points to other.example (CNAME), not ${TARGET}.`,
      seen: ["other.example"],
    });
  });

  it("accepts the target in any case and with a trailing dot", async () => {
    server.setTxt(CHALLENGE, [TOKEN]);
    server.setCname(HOST, "CNAME.Candor.Example.");
    expect(await check()).toEqual({ ok: true });
  });

  it("looks names up case-insensitively on the server side too", async () => {
    server.setTxt(CHALLENGE.toUpperCase(), [TOKEN]);
    server.setCname("Trust.ACME.com", TARGET);
    expect(await check()).toEqual({ ok: true });
  });
});

describe("checkDomain in PROXY mode", () => {
  it("accepts the TXT proof alone where CNAME mode fails on the same DNS", async () => {
    server.setTxt(CHALLENGE, [TOKEN]);
    server.setA(HOST, "203.0.113.7"); // the customer's own proxy

    expect(await check("PROXY")).toEqual({ ok: true });
    expect(server.queries).toEqual([{ name: CHALLENGE, type: "TXT" }]);
    expect(await check("CNAME")).toMatchObject({ ok: false, reason: "CNAME_MISSING" });
  });

  it("still requires the TXT proof", async () => {
    server.setA(HOST, "203.0.113.7");
    expect(await check("PROXY")).toMatchObject({ ok: false, reason: "TXT_MISSING" });
    server.setTxt(CHALLENGE, ["something-else"]);
    expect(await check("PROXY")).toMatchObject({ ok: false, reason: "TXT_WRONG", seen: ["something-else"] });
  });
});

describe("DNS failures are transient errors, never a missing record", () => {
  it("SERVFAIL on the TXT lookup", async () => {
    server.fail(CHALLENGE, "SERVFAIL");
    expect(await check()).toEqual({
      ok: false,
      reason: "DNS_ERROR",
      transient: true,
      message: "The DNS lookup failed (SERVFAIL); this is usually temporary. Nothing was changed; try again in a few minutes.",
      seen: [],
    });
  });

  it("REFUSED on the TXT lookup", async () => {
    server.fail(CHALLENGE, "REFUSED");
    expect(await check()).toMatchObject({ ok: false, reason: "DNS_ERROR", transient: true, message: expect.stringContaining("(REFUSED)") });
  });

  it("a server that never answers (timeout), within the configured time", async () => {
    server.fail(CHALLENGE, "SILENT");
    const started = performance.now();
    const result = await checkDomain({ hostname: HOST, token: TOKEN, mode: "CNAME", cnameTarget: TARGET }, impatient);
    expect(result).toMatchObject({ ok: false, reason: "DNS_ERROR", transient: true, message: expect.stringContaining("(timeout)") });
    expect(performance.now() - started).toBeLessThan(WELL_BEFORE_THE_DEFAULT_MS);
    expect(await impatient.txt(CHALLENGE)).toEqual({ kind: "error", code: "ETIMEOUT" });
  });

  it("SERVFAIL and timeout on the CNAME lookup after a good proof", async () => {
    server.setTxt(CHALLENGE, [TOKEN]);
    server.fail(HOST, "SERVFAIL");
    expect(await check()).toMatchObject({ ok: false, reason: "DNS_ERROR", transient: true });
    expect(server.queries.at(-1)).toEqual({ name: HOST, type: "CNAME" });
    server.fail(HOST, "SILENT");
    // The proof is read patiently; only the silent CNAME lookup is given up on quickly.
    const proofThenSilence: DnsResolver = { txt: (name) => resolver.txt(name), cname: (name) => impatient.cname(name) };
    const result = await checkDomain({ hostname: HOST, token: TOKEN, mode: "CNAME", cnameTarget: TARGET }, proofThenSilence);
    expect(result).toMatchObject({ ok: false, reason: "DNS_ERROR", transient: true, message: expect.stringContaining("(timeout)") });
    expect(server.queries.at(-1)).toEqual({ name: HOST, type: "CNAME" });
  });

  it("a DNS server that is not there", async () => {
    const closed = await startDnsServer();
    await closed.close();
    const nowhere = systemResolver({ servers: [closed.address], timeoutMs: GIVE_UP_MS, tries: 1 });
    const result = await checkDomain({ hostname: HOST, token: TOKEN, mode: "CNAME", cnameTarget: TARGET }, nowhere);
    expect(result).toMatchObject({ ok: false, reason: "DNS_ERROR", transient: true });
  });
});

describe("TXT answers", () => {
  it("joins a record's chunks into one value", async () => {
    server.setTxt(CHALLENGE, [[TOKEN.slice(0, 10), TOKEN.slice(10, 20), TOKEN.slice(20)]]);
    server.setCname(HOST, TARGET);

    expect(await resolver.txt(CHALLENGE)).toEqual({ kind: "ok", records: [TOKEN] });
    expect(await check()).toEqual({ ok: true });
  });

  it("passes with the right token among several values, surrounding spaces ignored", async () => {
    server.setTxt(CHALLENGE, ["v=spf1 -all", "google-site-verification=abc", `  ${TOKEN} `, "candor-verify-old"]);
    server.setCname(HOST, TARGET);
    expect(await check()).toEqual({ ok: true });
  });

  it("tells NXDOMAIN and NODATA apart from records", async () => {
    server.setA("a.example", "192.0.2.1");
    expect(await resolver.txt("nowhere.example")).toEqual({ kind: "none" });
    expect(await resolver.txt("a.example")).toEqual({ kind: "none" });
    expect(await resolver.cname("a.example")).toEqual({ kind: "none" });
    server.setCname("b.example", "Target.Example.");
    expect(await resolver.cname("b.example")).toMatchObject({ kind: "ok", records: [expect.stringMatching(/^target\.example\.?$/i)] });
  });
});

describe("hostile answers are bounded and never throw", () => {
  it("150 records, a 5000-character record and markup: TXT_WRONG with a bounded `seen`", async () => {
    const many = Array.from({ length: 150 }, (_, i) => `junk-${i}`);
    server.setTxt(CHALLENGE, ["<script>alert(1)</script><b>hi</b>", "x".repeat(5000), ...many, TOKEN]);
    server.setCname(HOST, TARGET);

    const answer = await resolver.txt(CHALLENGE);
    expect(answer.kind).toBe("ok");
    if (answer.kind === "ok") {
      expect(answer.records.length).toBeLessThanOrEqual(100);
      expect(answer.records.every((record) => record.length <= 1024)).toBe(true);
      expect(answer.records[0]).toBe("<script>alert(1)</script><b>hi</b>");
    }

    // The token sits beyond the first 100 records, so it is not considered.
    const result = await check();
    expect(result).toMatchObject({ ok: false, reason: "TXT_WRONG", transient: false });
    if (!result.ok) {
      expect(result.seen.length).toBeLessThanOrEqual(5);
      expect(result.seen.every((value) => value.length <= 100)).toBe(true);
      expect(result.seen[0]).toBe("<script>alert(1)</script><b>hi</b>");
      expect(result.seen).not.toContain("x".repeat(5000));
      expect(result.message.length).toBeLessThan(400);
    }
    // Large answers came back truncated over UDP and were fetched again over TCP.
    expect(server.queries.filter((query) => query.name === CHALLENGE).length).toBeGreaterThanOrEqual(2);
  });

  it("a lone oversized record is ignored, not shown: TXT_WRONG with nothing seen", async () => {
    server.setTxt(CHALLENGE, ["y".repeat(5000)]);
    expect(await resolver.txt(CHALLENGE)).toEqual({ kind: "ok", records: [] });
    expect(await check()).toMatchObject({ ok: false, reason: "TXT_WRONG", seen: [] });
  });

  it("long and control-character values are cut for display", async () => {
    server.setTxt(CHALLENGE, ["z".repeat(300), "line\nbreak\u0000"]);
    const result = await check();
    expect(result).toMatchObject({ ok: false, reason: "TXT_WRONG" });
    if (!result.ok) {
      expect(result.seen[0]).toHaveLength(100);
      expect(result.seen[0]?.endsWith("…")).toBe(true);
      expect(result.seen[1]).not.toMatch(/[\n\u0000]/);
    }
  });

  it("a long CNAME target is cut in `seen`", async () => {
    server.setTxt(CHALLENGE, [TOKEN]);
    server.setCname(HOST, `${"a".repeat(60)}.${"b".repeat(60)}.example`);
    const result = await check();
    expect(result).toMatchObject({ ok: false, reason: "CNAME_ELSEWHERE" });
    if (!result.ok) expect(result.seen.every((value) => value.length <= 100)).toBe(true);
  });
});

describe("dnsResolver", () => {
  it("uses DNS_SERVERS from the environment", async () => {
    const previous = process.env.DNS_SERVERS;
    process.env.DNS_SERVERS = server.address;
    resetEnvCache();
    try {
      server.setTxt(CHALLENGE, [TOKEN]);
      expect(await dnsResolver().txt(CHALLENGE)).toEqual({ kind: "ok", records: [TOKEN] });
      expect(dnsResolver()).toBe(dnsResolver());
    } finally {
      if (previous === undefined) delete process.env.DNS_SERVERS;
      else process.env.DNS_SERVERS = previous;
      resetEnvCache();
    }
  });
});
