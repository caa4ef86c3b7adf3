import { createHash } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as signInRoute } from "@/app/auth/sign-in/route";
import { POST as codeRoute } from "@/app/auth/code/route";
import { requestSignIn, signInWithCode, signInWithLink } from "@/modules/auth/server/sign-in";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { client, formPost, fromClient, jsonPost } from "../support/requests";
import { lastSignInEmail } from "../support/mail";

// SHA-256 as the database should hold it, computed here rather than by the code under test.
const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");
// Auth.js's scheme: SHA-256 of the token followed by AUTH_SECRET (vitest.config.mts).
const storedTokenFor = (token: string) => sha256Hex(`${token}test-secret-test-secret-test-secret-0123456789`);

let counter = 0;
const freshEmail = () => `person${++counter}-${Date.now()}@example.com`;
const freshIp = () => `198.51.100.${(counter % 250) + 1}`;

describe("the emailed token and code", () => {
  it("are stored only as hashes: a database read cannot sign anyone in", async () => {
    const email = freshEmail();
    await requestSignIn({ email, next: "/dashboard", ip: freshIp() });
    const { token, code, row } = await lastSignInEmail(email);

    expect(token).toMatch(/^[0-9a-f]{64}$/); // 256 bits
    const stored = await db.verificationToken.findMany({ where: { identifier: email } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token).not.toBe(token);
    expect(stored[0]!.token).toBe(storedTokenFor(token));
    // At most 10 minutes (ASVS 6.5.5), and not much less: a code that dies at once helps no one.
    expect(stored[0]!.expires.getTime() - Date.now()).toBeLessThanOrEqual(10 * 60 * 1000);
    expect(stored[0]!.expires.getTime() - Date.now()).toBeGreaterThan(9 * 60 * 1000);

    const codeRow = await db.signInCode.findFirstOrThrow({ where: { email } });
    expect(codeRow.codeHash).toMatch(/^\$argon2id\$/);
    expect(codeRow.codeHash).not.toContain(code);

    // The outbox holds the message sealed, not the link in clear.
    expect(row.payload).not.toContain(token);
    expect(row.payload).not.toContain(code);
  });

  it("a new request cancels the previous link and code", async () => {
    const email = freshEmail();
    await requestSignIn({ email, next: "/dashboard", ip: freshIp() });
    const first = await lastSignInEmail(email);
    await requestSignIn({ email, next: "/dashboard", ip: freshIp() });
    const second = await lastSignInEmail(email, [first.row.id]);
    expect(second.token).not.toBe(first.token);
    await expect(signInWithLink({ email, token: first.token, next: "/dashboard", client: client() })).resolves.toEqual({ ok: false, reason: "link-invalid" });
    await expect(signInWithLink({ email, token: second.token, next: "/dashboard", client: client() })).resolves.toMatchObject({ ok: true });
  });

  it("a link issued for one address cannot sign in another", async () => {
    const alice = freshEmail();
    const bob = freshEmail();
    await requestSignIn({ email: alice, next: "/dashboard", ip: freshIp() });
    const { token } = await lastSignInEmail(alice);
    await expect(signInWithLink({ email: bob, token, next: "/dashboard", client: client() })).resolves.toEqual({ ok: false, reason: "link-invalid" });
    expect(await db.user.findUnique({ where: { email: bob } })).toBeNull();
  });

  it("a link works once; the session cookie is 256 bits and the database keeps only its hash", async () => {
    const email = freshEmail();
    await requestSignIn({ email, next: "/dashboard/new", ip: freshIp() });
    const { token } = await lastSignInEmail(email);
    const result = await signInWithLink({ email, token, next: "/dashboard/new", client: client() });
    if (!result.ok) throw new Error("expected sign-in");
    expect(result.location).toBe("http://localhost:3000/dashboard/new");
    const cookieValue = result.setCookie.split(";")[0]!.split("=")[1]!;
    expect(cookieValue).toMatch(/^[0-9a-f]{64}$/);
    expect(result.setCookie).toMatch(/HttpOnly/);
    expect(result.setCookie).toMatch(/SameSite=Lax/i);

    const sessions = await db.session.findMany({ where: { user: { email } } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.sessionToken).toBe(sha256Hex(cookieValue));
    expect(sessions[0]!.userAgent).toBe("vitest");

    await expect(signInWithLink({ email, token, next: "/dashboard", client: client() })).resolves.toEqual({ ok: false, reason: "link-invalid" });
    expect(await db.session.count({ where: { user: { email } } })).toBe(1);
  });

  it("two concurrent uses of one link create exactly one session", async () => {
    const email = freshEmail();
    await requestSignIn({ email, next: "/dashboard", ip: freshIp() });
    const { token } = await lastSignInEmail(email);
    const results = await Promise.all([1, 2, 3].map(() => signInWithLink({ email, token, next: "/dashboard", client: client() })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db.session.count({ where: { user: { email } } })).toBe(1);
  });

  it("signing in again from the same browser replaces its session (a new token per sign-in)", async () => {
    const email = freshEmail();
    await requestSignIn({ email, next: "/dashboard", ip: freshIp() });
    const first = await signInWithLink({ email, token: (await lastSignInEmail(email)).token, next: "/dashboard", client: client() });
    if (!first.ok) throw new Error("expected sign-in");
    const oldCookie = first.setCookie.split(";")[0]!;
    await requestSignIn({ email, next: "/dashboard", ip: freshIp() });
    const second = await signInWithLink({ email, token: (await lastSignInEmail(email)).token, next: "/dashboard", client: client(freshIp(), oldCookie) });
    if (!second.ok) throw new Error("expected sign-in");
    expect(second.setCookie.split(";")[0]).not.toBe(oldCookie);
    const sessions = await db.session.findMany({ where: { user: { email } } });
    expect(sessions.map((s) => s.sessionToken)).toEqual([sha256Hex(second.setCookie.split(";")[0]!.split("=")[1]!)]);
  });

  it("the 6-digit code signs in; after five wrong codes even the right one is refused", async () => {
    const email = freshEmail();
    await requestSignIn({ email, next: "/dashboard", ip: freshIp() });
    const { code } = await lastSignInEmail(email);
    const wrong = code === "123456" ? "654321" : "123456";
    for (const left of ["4 attempts left", "3 attempts left", "2 attempts left", "1 attempt left"]) {
      const error = await signInWithCode({ email, code: wrong, next: "/dashboard", client: client() }).catch((e) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error.code).toBe("validation");
      expect(error.details.fieldErrors.code[0]).toBe(`That code is not right. ${left}.`);
    }
    const fifth = await signInWithCode({ email, code: wrong, next: "/dashboard", client: client() }).catch((e) => e);
    expect(fifth.code).toBe("gone");
    const sixth = await signInWithCode({ email, code, next: "/dashboard", client: client() }).catch((e) => e);
    expect(sixth.code).toBe("gone");
    expect(await db.session.count({ where: { user: { email } } })).toBe(0);
  });

  it("the right code signs in once, and using it also ends the emailed link", async () => {
    const email = freshEmail();
    await requestSignIn({ email, next: "/dashboard", ip: freshIp() });
    const { code, token } = await lastSignInEmail(email);
    await expect(signInWithCode({ email, code, next: "/dashboard", client: client() })).resolves.toMatchObject({ ok: true });
    await expect(signInWithCode({ email, code, next: "/dashboard", client: client() })).rejects.toMatchObject({ code: "gone" });
    await expect(signInWithLink({ email, token, next: "/dashboard", client: client() })).resolves.toMatchObject({ ok: false });
  });

  it("parallel guesses get no more than the allowed attempts in all", async () => {
    const email = freshEmail();
    await requestSignIn({ email, next: "/dashboard", ip: freshIp() });
    const { code } = await lastSignInEmail(email);
    const guesses = Array.from({ length: 12 }, (_, i) => String((Number(code) + i + 1) % 1_000_000).padStart(6, "0"));
    const outcomes = await Promise.all(guesses.map((guess) => signInWithCode({ email, code: guess, next: "/", client: client(freshIp()) }).catch((e) => e.code)));
    // Five attempts per code: at most four "wrong code" answers, the other eight refused outright.
    expect(outcomes.filter((o) => o === "validation").length).toBeLessThanOrEqual(4);
    expect(outcomes.filter((o) => o === "gone" || o === "rate_limited").length).toBeGreaterThanOrEqual(8);
  });
});

/**
 * The code-check windows (docs/security/authentication.md): 10 checks per address and 50 per
 * client IP in 15 minutes, on top of 5 attempts per code. Checked at the domain function, with
 * the right code at the refused check, so only the window can be what refuses it. Time is moved
 * with vi.setSystemTime: the limiter computes its windows from Date.now().
 */
describe("the code-check windows", () => {
  const FIFTEEN_MINUTES = 15 * 60 * 1000;
  let requestIp = 0;
  // Requests come from their own addresses (198.18.0.0/15), so only the checks' IP counts.
  const request = async (email: string) => {
    await requestSignIn({ email, next: "/dashboard", ip: `198.18.${Math.floor(++requestIp / 250)}.${(requestIp % 250) + 1}` });
    return (await lastSignInEmail(email)).code;
  };
  const wrongFor = (code: string) => (code === "111111" ? "222222" : "111111");
  const check = (email: string, code: string, ip: string) => signInWithCode({ email, code, next: "/dashboard", client: client(ip) });
  const outcome = (email: string, code: string, ip: string) => check(email, code, ip).then((r) => (r.ok ? "signed-in" : r.reason), (e: AppError) => e.code);

  afterEach(() => vi.useRealTimers());

  it("the 11th check for one address within 15 minutes is refused with 429, even with the right code; it frees after 15 minutes", async () => {
    const email = freshEmail();
    const start = Date.now();
    vi.setSystemTime(start);
    const ip = (i: number) => `198.19.0.${i}`; // a new IP for every check: only the address's window applies
    let checks = 0;
    // Three codes (a code is void after 5 wrong tries): 4 + 4 + 2 wrong checks = 10.
    let code = "";
    for (const wrongTries of [4, 4, 2]) {
      code = await request(email);
      for (let i = 0; i < wrongTries; i++) expect(await outcome(email, wrongFor(code), ip(++checks))).toBe("validation");
    }
    expect(checks).toBe(10);

    const refused = await check(email, code, ip(++checks)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "rate_limited", status: 429 });
    expect((refused as AppError).details.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect((refused as AppError).details.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(await db.session.count({ where: { user: { email } } })).toBe(0);

    // A minute before the window ends: still refused.
    vi.setSystemTime(start + FIFTEEN_MINUTES - 60_000);
    expect(await outcome(email, code, ip(++checks))).toBe("rate_limited");
    // Once 15 minutes have passed, the same (still unexpired, unspent) code signs in.
    vi.setSystemTime(start + FIFTEEN_MINUTES + 1000);
    expect(await outcome(email, code, ip(++checks))).toBe("signed-in");
    expect(await db.session.count({ where: { user: { email } } })).toBe(1);
  });

  it("the 51st check from one IP within 15 minutes is refused with 429 across addresses, even with the right code", async () => {
    const ip = "198.19.1.1";
    const start = Date.now();
    vi.setSystemTime(start);
    // Ten addresses, five wrong guesses each (the fifth voids the code): 50 checks from one IP.
    for (let a = 0; a < 10; a++) {
      const email = freshEmail();
      const code = await request(email);
      const outcomes = [];
      for (let i = 0; i < 5; i++) outcomes.push(await outcome(email, wrongFor(code), ip));
      expect(outcomes).toEqual(["validation", "validation", "validation", "validation", "gone"]);
    }

    const victim = freshEmail();
    const code = await request(victim);
    const refused = await check(victim, code, ip).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "rate_limited", status: 429 });
    expect(await db.session.count({ where: { user: { email: victim } } })).toBe(0);

    // The refusal spent nothing of the address's own: from another IP the code still works.
    expect(await outcome(victim, code, "198.19.1.2")).toBe("signed-in");
    // And the IP's window frees after 15 minutes.
    const other = freshEmail();
    const otherCode = await request(other);
    vi.setSystemTime(start + FIFTEEN_MINUTES - 60_000);
    expect(await outcome(other, otherCode, ip)).toBe("rate_limited");
    vi.setSystemTime(start + FIFTEEN_MINUTES + 1000);
    expect(await outcome(other, otherCode, ip)).toBe("signed-in");
  });
});

describe("POST /auth/sign-in", () => {
  it("answers the same for an existing account and an unknown address", async () => {
    const known = freshEmail();
    await db.user.create({ data: { email: known } });
    const unknown = freshEmail();
    const a = await signInRoute(jsonPost("/auth/sign-in", { email: known }, fromClient(freshIp())));
    const b = await signInRoute(jsonPost("/auth/sign-in", { email: unknown }, fromClient(freshIp())));
    expect(a.status).toBe(202);
    expect(b.status).toBe(a.status);
    expect(await b.json()).toEqual(await a.json());
    expect(await db.outboxMessage.count({ where: { recipient: { in: [known, unknown] } } })).toBe(2);
  });

  it.each([
    ["a CR/LF header injection", "victim@example.com\r\nBcc: attacker@evil.example"],
    ["two addresses", "victim@example.com,attacker@evil.example"],
    ["two addresses with a semicolon", "victim@example.com;attacker@evil.example"],
    ["a quoted local part", '"attacker@evil.example"@victim.example'],
    ["a full-width at sign", "attacker＠evil.example"],
    ["an address in angle brackets", "Victim <victim@example.com>"],
    ["no domain", "victim@"],
    ["a 300-character address", `${"a".repeat(290)}@example.com`],
  ])("rejects %s with 422 before anything is sent", async (_label, email) => {
    const before = await db.outboxMessage.count();
    const response = await signInRoute(jsonPost("/auth/sign-in", { email }, fromClient(freshIp())));
    expect(response.status).toBe(422);
    expect((await response.json()).fieldErrors.email).toBeDefined();
    expect(await db.outboxMessage.count()).toBe(before);
  });

  it("rejects malformed bodies with 400, and a foreign Origin with 403", async () => {
    expect((await signInRoute(jsonPost("/auth/sign-in", "{not json"))).status).toBe(400);
    expect((await signInRoute(jsonPost("/auth/sign-in", "[1,2]"))).status).toBe(400);
    const crossSite = await signInRoute(jsonPost("/auth/sign-in", { email: freshEmail() }, { origin: "https://evil.example" }));
    expect(crossSite.status).toBe(403);
  });

  it("limits requests per email address to 5 per window: the 6th → 429 with Retry-After, and no mail", async () => {
    const email = freshEmail();
    for (let i = 0; i < 5; i++) {
      const response = await signInRoute(jsonPost("/auth/sign-in", { email }, fromClient(freshIp())));
      expect(response.status).toBe(202);
    }
    const limited = await signInRoute(jsonPost("/auth/sign-in", { email }, fromClient(freshIp())));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await db.outboxMessage.count({ where: { recipient: email } })).toBe(5);

    const form = await signInRoute(formPost("/auth/sign-in", { email }, fromClient(freshIp())));
    expect(form.status).toBe(429);
    expect(await form.text()).toContain("Too many attempts");
  });

  it("limits requests per client IP across addresses to 30 per window", async () => {
    const ip = "192.0.2.200";
    for (let i = 0; i < 30; i++) {
      expect((await signInRoute(jsonPost("/auth/sign-in", { email: freshEmail() }, fromClient(ip)))).status).toBe(202);
    }
    const limited = await signInRoute(jsonPost("/auth/sign-in", { email: freshEmail() }, fromClient(ip)));
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeTruthy();
  });
});

describe("POST /auth/code", () => {
  it("sends a browser back with the attempts left, and answers JSON clients with 422", async () => {
    const email = freshEmail();
    await requestSignIn({ email, next: "/dashboard", ip: freshIp() });
    const { code } = await lastSignInEmail(email);
    const wrong = code === "000000" ? "999999" : "000000";
    const form = await codeRoute(formPost("/auth/code", { email, code: wrong }));
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toContain("error=wrong_code");
    expect(form.headers.get("location")).toContain("left=4");
    const json = await codeRoute(jsonPost("/auth/code", { email, code: wrong }));
    expect(json.status).toBe(422);
    const ok = await codeRoute(formPost("/auth/code", { email, code }));
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("http://localhost:3000/dashboard");
    expect(ok.headers.get("set-cookie")).toMatch(/^candor\.session=[0-9a-f]{64};/);
  });
});
