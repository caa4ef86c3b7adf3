import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AUTH_POLICY } from "@/modules/auth/policy";
import { ARGON2_OPTIONS } from "@/modules/auth/server/sign-in";

/** docs/security/authentication.md states the sign-in and session policy; it must stay true. */
const doc = readFileSync("docs/security/authentication.md", "utf8");
const row = (label: string) => {
  const line = doc.split("\n").find((l) => l.startsWith(`| ${label} |`));
  if (!line) throw new Error(`No row "${label}" in the document`);
  return line.split("|")[2]!.trim();
};
const perWindow = (policy: { points: number; windowSeconds: number }) => `${policy.points} per ${policy.windowSeconds / 60} minutes`;

describe("docs/security/authentication.md", () => {
  it("states the sign-in policy in force", () => {
    expect(row("lifetime of link and code")).toBe(`${AUTH_POLICY.signInTtlSeconds / 60} minutes`);
    expect(row("wrong codes before the code is void")).toBe(String(AUTH_POLICY.codeMaxAttempts));
    expect(row("sign-in requests per email address")).toBe(perWindow(AUTH_POLICY.requestsPerEmail));
    expect(row("sign-in requests per client IP")).toBe(perWindow(AUTH_POLICY.requestsPerIp));
    expect(row("code checks per email address")).toBe(perWindow(AUTH_POLICY.codeChecksPerEmail));
    expect(row("code checks per client IP")).toBe(perWindow(AUTH_POLICY.codeChecksPerIp));
    expect(row("code")).toContain(`m = ${ARGON2_OPTIONS.memoryCost / 1024} MiB, t = ${ARGON2_OPTIONS.timeCost}, p = ${ARGON2_OPTIONS.parallelism}`);
  });

  it("states the session policy in force", () => {
    expect(row("idle timeout")).toBe(`${AUTH_POLICY.sessionIdleSeconds / 3600} hours without use`);
    expect(row("absolute lifetime")).toBe(`${AUTH_POLICY.sessionAbsoluteSeconds / 86400} days, however active the session is`);
    expect(row("renewal")).toContain(`at most every ${AUTH_POLICY.sessionRenewSeconds / 60} minutes`);
  });

  it("keeps the rationale for single-factor sign-in (ASVS 6.3.3)", () => {
    expect(doc).toContain("## Why email sign-in, and what compensates");
  });
});
