import { describe, expect, it } from "vitest";
import { POST as signInRoute } from "@/app/auth/sign-in/route";
import { POST as codeRoute } from "@/app/auth/code/route";
import { requestSignIn, signInWithCode, signInWithLink, verificationTokenHash } from "@/modules/auth/server/sign-in";
import { AUTH_POLICY } from "@/modules/auth/policy";
import { db } from "@/server/db/client";
import { sha256Hex } from "@/server/crypto";
import { AppError } from "@/server/errors";
import { client, formPost, fromClient, jsonPost } from "../support/requests";
import { lastSignInEmail } from "../support/mail";

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
    expect(stored[0]!.token).toBe(verificationTokenHash(token));
    expect(stored[0]!.expires.getTime() - Date.now()).toBeLessThanOrEqual(AUTH_POLICY.signInTtlSeconds * 1000);

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
    await new Promise((resolve) => setTimeout(resolve, 5));
    await requestSignIn({ email, next: "/dashboard", ip: freshIp() });
    const second = await lastSignInEmail(email);
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
    for (let attempt = 1; attempt <= AUTH_POLICY.codeMaxAttempts - 1; attempt++) {
      const error = await signInWithCode({ email, code: wrong, next: "/dashboard", client: client() }).catch((e) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error.code).toBe("validation");
      expect(error.details.fieldErrors.code[0]).toContain(`${AUTH_POLICY.codeMaxAttempts - attempt} attempt`);
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
    expect(outcomes.filter((o) => o === "validation").length).toBeLessThanOrEqual(AUTH_POLICY.codeMaxAttempts - 1);
    expect(outcomes.filter((o) => o === "gone" || o === "rate_limited").length).toBeGreaterThanOrEqual(12 - AUTH_POLICY.codeMaxAttempts);
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

  it("limits requests per email address: over the limit → 429 with Retry-After, and no mail", async () => {
    const email = freshEmail();
    for (let i = 0; i < AUTH_POLICY.requestsPerEmail.points; i++) {
      const response = await signInRoute(jsonPost("/auth/sign-in", { email }, fromClient(freshIp())));
      expect(response.status).toBe(202);
    }
    const limited = await signInRoute(jsonPost("/auth/sign-in", { email }, fromClient(freshIp())));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await db.outboxMessage.count({ where: { recipient: email } })).toBe(AUTH_POLICY.requestsPerEmail.points);

    const form = await signInRoute(formPost("/auth/sign-in", { email }, fromClient(freshIp())));
    expect(form.status).toBe(429);
    expect(await form.text()).toContain("Too many attempts");
  });

  it("limits requests per client IP across addresses", async () => {
    const ip = "192.0.2.200";
    for (let i = 0; i < AUTH_POLICY.requestsPerIp.points; i++) {
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
