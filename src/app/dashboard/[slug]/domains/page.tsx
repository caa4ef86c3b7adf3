import type { Metadata } from "next";
import { DomainsScreen } from "@/modules/domains/components/domains-screen";
import { listDomains } from "@/modules/domains/server/domains";
import { env } from "@/server/env";
import { gatePage } from "@/server/gate-page";
import { tenantOrigin } from "@/server/hosts";

export const metadata: Metadata = { title: "Custom domain" };

export default async function DomainsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const domains = await listDomains({ ctx });
  const { PLATFORM_DOMAIN, PLATFORM_CNAME_TARGET, APP_URL } = env();
  const platformUrl = `${tenantOrigin(`${slug}.${PLATFORM_DOMAIN}`, APP_URL)}/`;
  return <DomainsScreen slug={slug} role={ctx.role} domains={domains} platformUrl={platformUrl} cnameTarget={PLATFORM_CNAME_TARGET} />;
}
