import { MAX_RESPONSE_WITHIN, RESPONSE_UNITS } from "@/modules/content/schema";

/**
 * The disclosure policy's response time: a number and a unit, read on the trust page as
 * "We respond to reports within 2 business days." Client-safe.
 */
export type ResponseUnit = (typeof RESPONSE_UNITS)[number];
export type ResponseTime = { within: number; unit: ResponseUnit };

const NOUNS: Record<ResponseUnit, [one: string, many: string]> = {
  HOURS: ["hour", "hours"],
  BUSINESS_DAYS: ["business day", "business days"],
  DAYS: ["day", "days"],
};

export function responseSentence({ within, unit }: ResponseTime): string {
  return `We respond to reports within ${within} ${NOUNS[unit][within === 1 ? 0 : 1]}.`;
}

const WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
/**
 * Reads the free text the field held before it had a unit ("1 business day", "One business day",
 * "48h", "5 working days", "2-business-day", "3 days"). Null when the text says no such thing; the callers keep
 * that text in the policy rather than drop it. The migration
 * prisma/migrations/20261201010000_disclosure_response_time applies the same rule in SQL.
 */
export const LEGACY_RESPONSE_PATTERN = /\b(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]*(business|working)?[\s-]*(hours?|hrs?|h|days?)\b/i;

export function parseLegacyResponseTime(text: string): ResponseTime | null {
  const match = LEGACY_RESPONSE_PATTERN.exec(text);
  if (!match) return null;
  const [, count, business, noun] = match as unknown as [string, string, string | undefined, string];
  const within = /^\d+$/.test(count) ? Number(count) : WORDS.indexOf(count.toLowerCase()) + 1;
  if (within < 1 || within > MAX_RESPONSE_WITHIN) return null;
  const unit: ResponseUnit = /^h/i.test(noun) ? "HOURS" : business ? "BUSINESS_DAYS" : "DAYS";
  return { within, unit };
}

/** Where a legacy text that names no time goes: a line of its own at the end of the policy. */
export const keepInPolicy = (policy: string, text: string) => (policy.trim() ? `${policy}\n\nResponse time: ${text}` : `Response time: ${text}`);
