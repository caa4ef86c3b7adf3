import type { Metadata } from "next";
import { DisclosureScreen } from "@/modules/disclosure/components/disclosure-screen";
import { expiryState, getDisclosure } from "@/modules/disclosure/server/disclosure";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Disclosure policy" };

export default async function DisclosurePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const policy = await getDisclosure({ ctx });
  return <DisclosureScreen slug={slug} role={ctx.role} policy={policy} state={expiryState(policy?.expiresAt)} />;
}
