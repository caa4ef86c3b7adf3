import { dayStart } from "@/lib/calendar-day";
import type { PublicView } from "../view";

/**
 * Whether a publication has a security.txt to serve on a given day: a policy with a contact and an
 * Expires that is in the future and at most a year ahead (RFC 9116 §2.5.5). The file's route and
 * the page's links both ask this, so the page never links to a security.txt that answers 404.
 */
export function securityTxtExpires(view: PublicView, now: Date): Date | null {
  const policy = view.disclosure;
  if (!policy || policy.contacts.length === 0 || !policy.expiresAt) return null;
  const expires = dayStart(policy.expiresAt);
  if (expires <= now || expires.getTime() - now.getTime() > 366 * 86_400_000) return null;
  return expires;
}

/**
 * security.txt (RFC 9116) from the disclosure policy. Null when there is nothing honest to serve:
 * no policy, no contact, or an Expires that is missing, past, or more than a year ahead.
 */
export function renderSecurityTxt(view: PublicView, input: { canonicalUrl: string; policyUrl: string; now: Date }): string | null {
  const policy = view.disclosure;
  const expires = securityTxtExpires(view, input.now);
  if (!policy || !expires) return null;
  const lines = [
    ...policy.contacts.map((contact) => `Contact: ${contact}`),
    `Expires: ${expires.toISOString().replace(/\.\d{3}Z$/, "Z")}`,
    ...(policy.encryptionUrl ? [`Encryption: ${policy.encryptionUrl}`] : []),
    ...(policy.acknowledgmentsUrl ? [`Acknowledgments: ${policy.acknowledgmentsUrl}`] : []),
    `Preferred-Languages: ${policy.preferredLanguages.replace(/\s+/g, "")}`,
    `Canonical: ${input.canonicalUrl}`,
    `Policy: ${input.policyUrl}`,
  ];
  // Values come from validated fields; line breaks could forge fields, so none survive.
  return `${lines.map((line) => line.replace(/[\r\n]+/g, " ")).join("\n")}\n`;
}

