"use server";

import { runAction, type ActionState } from "@/server/actions";
import { gate } from "@/server/gate";
import { verifyAuditChain } from "./server/queries";

export async function verifyChainAction(slug: string, _previous: ActionState): Promise<ActionState> {
  return runAction(async () => {
    const ctx = await gate({ slug, action: "audit.read" });
    const result = await verifyAuditChain({ ctx });
    if (result.ok) return { status: "success", message: `The chain holds: all ${result.checked} events verify.` };
    return { status: "error", message: `The chain is broken at event #${result.broken.seq}: ${result.broken.reason}.` };
  });
}
