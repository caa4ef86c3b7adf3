import type { Action } from "./permissions";

/**
 * What an API key may be used for (ADR 035): the one list of scopes. A key acts with its
 * creator's current role (the permission table decides, as for the person) AND only within its
 * scopes: a scope names the actions of the table it unlocks. Beside the permission table because
 * both the gate and the dashboard's key form read it.
 */
export const API_SCOPES = {
  "posture:read": { label: "Read posture (controls, evidence, frameworks, publications)", actions: ["org.read"] },
  "posture:write": { label: "Write posture (create, update, delete controls and evidence)", actions: ["org.read", "controls.write"] },
  publish: { label: "Publish (subject to the publish rule and four-eyes approval)", actions: ["publish", "publish.request"] },
  "access:read": { label: "Read access requests and grants", actions: ["access.review"] },
  "access:decide": { label: "Decide access requests", actions: ["access.review"] },
  "webhooks:manage": { label: "Manage webhook endpoints", actions: ["webhooks.manage"] },
  "subscribers:manage": { label: "Read, export and remove subscribers (their email addresses)", actions: ["subscribers.manage"] },
} as const satisfies Record<string, { label: string; actions: readonly Action[] }>;

export type ApiScope = keyof typeof API_SCOPES;
export const API_SCOPE_NAMES = Object.keys(API_SCOPES) as [ApiScope, ...ApiScope[]];

/** Whether a key holding `scopes` may use `scope` for `action`: the scope is held and covers the action. Fails closed. */
export function scopeAllows(scopes: readonly string[], scope: string, action: string): boolean {
  if (!Object.hasOwn(API_SCOPES, scope) || !scopes.includes(scope)) return false;
  return (API_SCOPES[scope as ApiScope].actions as readonly string[]).includes(action);
}
