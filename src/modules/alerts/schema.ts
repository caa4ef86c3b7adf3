import * as z from "zod";
import { PERMISSIONS, type Role } from "@/modules/permissions/permissions";

/**
 * Alerts (issue 13, ADR 033): what a member can be alerted about, who may receive each kind, and
 * the one input of the settings page. Client-safe: the screen and the server share it.
 */
export const ALERT_KINDS = ["ACCESS_REQUEST", "OBJECTION", "DOMAIN_FAILURE", "EXPIRY", "REVIEW_DUE"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_CHANNELS = ["EMAIL", "DIGEST", "OFF"] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

/**
 * Who may receive each kind, read from the permission table so that the people alerted and the
 * people who can act on the alert cannot drift apart. A VIEWER can act on none, so receives none.
 */
export const ALERT_ROLES: Record<AlertKind, readonly Role[]> = {
  // As before issue 13: owners and admins (ADR 029, addendum D).
  ACCESS_REQUEST: PERMISSIONS["access.notify"],
  // An objection to a subprocessor change is answered by those who publish the change.
  OBJECTION: PERMISSIONS.publish,
  // As before: the people who manage custom domains.
  DOMAIN_FAILURE: PERMISSIONS["domains.manage"],
  // security.txt and certifications are kept current by whoever edits the posture.
  EXPIRY: PERMISSIONS["controls.write"],
  REVIEW_DUE: PERMISSIONS["controls.write"],
};

export const mayReceive = (role: string, kind: AlertKind) => (ALERT_ROLES[kind] as readonly string[]).includes(role);

/** A member with no stored choice: mail for owners and admins, nothing for others; access requests as before (mail). */
export function defaultChannel(kind: AlertKind, role: string): AlertChannel {
  if (kind === "ACCESS_REQUEST") return "EMAIL";
  return role === "OWNER" || role === "ADMIN" ? "EMAIL" : "OFF";
}

export const ALERT_LABELS: Record<AlertKind, { title: string; hint: string }> = {
  ACCESS_REQUEST: { title: "New access requests", hint: "A prospect confirmed their address and no rule decided their request." },
  OBJECTION: { title: "Objections", hint: "A customer objected to an upcoming subprocessor change." },
  DOMAIN_FAILURE: { title: "Custom domain failures", hint: "A custom domain failed its DNS check, was suspended, restored or taken over." },
  EXPIRY: { title: "Nearing expiry", hint: "security.txt's Expires or a certification's period ends in 30, 14, 7 or 1 days." },
  REVIEW_DUE: { title: "Controls due for review", hint: "Each Monday, how many controls fall due for review that week." },
};

export const CHANNEL_LABELS: Record<AlertChannel, string> = { EMAIL: "Email now", DIGEST: "Daily digest (08:00 UTC)", OFF: "Off" };

/** The settings form: a channel for some kinds, and nothing else (no member id: one's own only). */
const channel = z.enum(ALERT_CHANNELS, { error: "Choose email now, the daily digest or off." }).optional();
export const alertPreferencesSchema = z.strictObject({
  ACCESS_REQUEST: channel,
  OBJECTION: channel,
  DOMAIN_FAILURE: channel,
  EXPIRY: channel,
  REVIEW_DUE: channel,
} satisfies Record<AlertKind, typeof channel>);
export type AlertPreferencesInput = z.infer<typeof alertPreferencesSchema>;

/** What a caller says: text only (rendered escaped), and a link that is a path of the dashboard. */
export const alertInputSchema = z.object({
  orgId: z.uuid(),
  kind: z.enum(ALERT_KINDS),
  subject: z.string().trim().min(1).max(300),
  lines: z.array(z.string().max(1000)).max(20),
  link: z.string().regex(/^\/dashboard\/[A-Za-z0-9\-._~/?=&%]*$/, "An alert links to a page of the dashboard."),
  ref: z.string().max(200).optional(),
});
