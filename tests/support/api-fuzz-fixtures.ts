import { createApiKey, revokeApiKey } from "@/modules/apikeys/server/keys";
import { API_SCOPES } from "@/modules/permissions/api-scopes";
import type { OrgContext } from "@/server/gate";
import { keyNames, type Fixtures } from "./api-fuzz";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const DAY = 86_400_000;

/**
 * The keys a fuzz run sends (tests/support/api-fuzz.ts keyNames()), made by the real domain
 * functions: one with every scope, one per scope the document names, another tenant's, a revoked
 * one, an expired one, a malformed one and none.
 */
export async function fuzzFixtures(spec: Json, ctx: OrgContext, foreign: OrgContext): Promise<Fixtures> {
  const every = Object.keys(API_SCOPES);
  const make = async (name: string, scopes: string[], on = ctx, now?: Date, expiresInDays?: number) => (await createApiKey({ ctx: on, input: { name, scopes, ...(expiresInDays ? { expiresInDays } : {}) }, now })).key;
  const keys: Record<string, string | undefined> = { none: undefined, malformed: "cndr_notakey" };
  for (const name of keyNames(spec)) {
    if (name === "all") keys.all = await make("Fuzz: every scope", every);
    else if (name === "foreign") keys.foreign = await make("Fuzz: another tenant", every, foreign);
    else if (name === "expired") keys.expired = await make("Fuzz: expired", every, ctx, new Date(Date.now() - 2 * DAY), 1);
    else if (name === "revoked") {
      const created = await createApiKey({ ctx, input: { name: "Fuzz: revoked", scopes: every } });
      await revokeApiKey({ ctx, id: created.id });
      keys.revoked = created.key;
    } else if (name.startsWith("scope:")) keys[name] = await make(`Fuzz: ${name}`, [name.slice("scope:".length)]);
  }
  return { keys, ids: new Map(), etags: new Map() };
}
