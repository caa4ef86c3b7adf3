import { updateOrganizationSettings } from "@/modules/organizations/server/organizations";
import type { OrgContext } from "@/server/gate";
import { withTenant } from "@/server/db/tenant";

/** Sets an organisation's notice period through the settings writer, as the settings page does. */
export async function setNoticeDays(ctx: OrgContext, days: number) {
  const org = await withTenant({ orgId: ctx.org.id }, (tx) => tx.organization.findUniqueOrThrow({ where: { id: ctx.org.id }, select: { name: true, overview: true, version: true } }));
  await updateOrganizationSettings({ ctx, input: { name: org.name, overview: org.overview, subprocessorNoticeDays: String(days), version: org.version }, logo: { kind: "keep" } });
}

export const changesOf = (orgId: string) => withTenant({ orgId }, (tx) => tx.subprocessorChange.findMany({ where: { orgId }, orderBy: { createdAt: "asc" } }));

export const vendor = (name: string, extra: Record<string, unknown> = {}) => ({ vendor: name, purpose: "Email delivery", dataCategories: "Recipient email", location: "Frankfurt, DE", ...extra });
