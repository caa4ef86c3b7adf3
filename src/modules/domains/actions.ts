"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionState } from "@/server/actions";
import { gate } from "@/server/gate";
import { addDomain, removeDomain, setDomainMode, verifyDomain } from "./server/domains";

/**
 * Custom domains change where a trust center answers and can take a host name from another
 * organisation, so every action needs `domains.manage` and a recent verification.
 */
const domainsPath = (slug: string) => `/dashboard/${slug}/domains`;

export async function addDomainAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(async () => {
    const ctx = await gate({ slug, action: "domains.manage", recent: true });
    const { domain, ownedElsewhere } = await addDomain({ ctx, input: { hostname: form.get("hostname"), mode: form.get("mode") ?? undefined } });
    revalidatePath(domainsPath(slug));
    return {
      status: "success",
      message: ownedElsewhere
        ? `${domain.hostname} is in use by another organisation on Candor. Add the records below and verify: proving control of its DNS transfers it to you, and the other organisation is told.`
        : `${domain.hostname} added. Create the DNS records below, then verify.`,
    };
  });
  return state.status === "error" ? { ...state, values: { hostname: String(form.get("hostname") ?? "").slice(0, 300), mode: String(form.get("mode") ?? "CNAME") } } : state;
}

export async function verifyDomainAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await gate({ slug, action: "domains.manage", recent: true });
    const { domain, check, previousOwner } = await verifyDomain({ ctx, id: String(form.get("id") ?? "") });
    revalidatePath(domainsPath(slug));
    if (check.ok) {
      return { status: "success", message: previousOwner ? `${domain.hostname} is verified and now yours; the previous owner was notified.` : `${domain.hostname} is verified and serves your trust center.` };
    }
    return { status: "error", message: check.message };
  });
}

export async function removeDomainAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await gate({ slug, action: "domains.manage", recent: true });
    const removed = await removeDomain({ ctx, id: String(form.get("id") ?? "") });
    revalidatePath(domainsPath(slug));
    return { status: "success", message: `${removed.hostname} removed. It no longer serves your trust center.` };
  });
}

export async function setDomainModeAction(slug: string, _previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await gate({ slug, action: "domains.manage", recent: true });
    await setDomainMode({ ctx, id: String(form.get("id") ?? ""), mode: form.get("mode") });
    revalidatePath(domainsPath(slug));
    return { status: "success", message: "Saved. Verify again to apply it." };
  });
}
