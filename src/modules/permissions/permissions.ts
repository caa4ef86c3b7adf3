/**
 * Who may do what: one typed table, one `can()` that fails closed. The UI may use `can()` to
 * hide buttons; only the gate (src/server/gate.ts) decides.
 */
export const ROLES = ["OWNER", "ADMIN", "EDITOR", "VIEWER"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = { OWNER: "Owner", ADMIN: "Admin", EDITOR: "Editor", VIEWER: "Viewer" };

export const PERMISSIONS = {
  "org.read": ["OWNER", "ADMIN", "EDITOR", "VIEWER"],
  "org.settings.update": ["OWNER", "ADMIN"],
  "members.read": ["OWNER", "ADMIN", "EDITOR", "VIEWER"],
  "members.invite": ["OWNER", "ADMIN"],
  "members.role.change": ["OWNER", "ADMIN"],
  "members.remove": ["OWNER", "ADMIN"],
  "controls.write": ["OWNER", "ADMIN", "EDITOR"],
  // Publishing (and taking offline, and approving a request) is an owner's or admin's act;
  // editors ask for it (ADR 022).
  publish: ["OWNER", "ADMIN"],
  "publish.request": ["OWNER", "ADMIN", "EDITOR"],
  "domains.manage": ["OWNER", "ADMIN"],
  "apikeys.manage": ["OWNER", "ADMIN"],
  "audit.read": ["OWNER", "ADMIN"],
  // Prospect access (ADR 029): reviewers decide requests within the rules; the rules, the NDA
  // and the settings are an owner's or admin's.
  "access.review": ["OWNER", "ADMIN", "EDITOR"],
  "access.manage": ["OWNER", "ADMIN"],
  // Who is mailed about verified requests that wait for review, and so who chooses how often
  // (each / daily digest / none), for themselves only. Not access.manage: the choice is one's
  // own and changes nothing anyone else sees.
  "access.notify": ["OWNER", "ADMIN"],
  // Subscribers (ADR 030): editors see who subscribed; removing one, exporting the list and the
  // delivery modes are an owner's or admin's. Nobody may add an address.
  "subscribers.read": ["OWNER", "ADMIN", "EDITOR"],
  "subscribers.manage": ["OWNER", "ADMIN"],
  // One's own alert settings (ADR 033): every member opens the page; which kinds they may set is
  // the alerts module's ALERT_ROLES, read from the entries above.
  "alerts.own": ["OWNER", "ADMIN", "EDITOR", "VIEWER"],
  // Objections to subprocessor changes (ADR 031): editors see the register; owners and admins,
  // who answer for the DPA, resolve or mark withdrawn, and are the ones mailed.
  "objections.review": ["OWNER", "ADMIN", "EDITOR"],
  "objections.manage": ["OWNER", "ADMIN"],
  // Outbound webhooks (ADR 032): where events go and the secrets that sign them.
  "webhooks.manage": ["OWNER", "ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function can(role: string | null | undefined, action: string): boolean {
  if (!role || !Object.hasOwn(PERMISSIONS, action)) return false;
  return (PERMISSIONS[action as Action] as readonly string[]).includes(role);
}
