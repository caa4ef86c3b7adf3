/**
 * Sign-in and session policy, in one place. docs/security/authentication.md states these
 * numbers; tests/unit/auth-policy-doc.test.ts fails when the two disagree.
 */
export const AUTH_POLICY = {
  /** Magic link and 6-digit code lifetime (OWASP ASVS 5.0 6.5.5: at most 10 minutes). */
  signInTtlSeconds: 10 * 60,
  /** Wrong codes before a code is invalid. */
  codeMaxAttempts: 5,
  /** Sign-in requests per email address per window. */
  requestsPerEmail: { points: 5, windowSeconds: 15 * 60 },
  /** Sign-in requests per client IP per window. */
  requestsPerIp: { points: 30, windowSeconds: 15 * 60 },
  /** Code checks per email address per window (on top of codeMaxAttempts per code). */
  codeChecksPerEmail: { points: 10, windowSeconds: 15 * 60 },
  /** Code checks per client IP per window. */
  codeChecksPerIp: { points: 50, windowSeconds: 15 * 60 },
  /** A session unused for this long ends (ASVS 7.3.1). */
  sessionIdleSeconds: 24 * 60 * 60,
  /** How often activity pushes the idle deadline forward. */
  sessionRenewSeconds: 15 * 60,
  /** No session lives longer than this, however active (ASVS 7.3.2). */
  sessionAbsoluteSeconds: 30 * 24 * 60 * 60,
} as const;
