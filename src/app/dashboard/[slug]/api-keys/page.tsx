import type { Metadata } from "next";
import { ApiKeysScreen } from "@/modules/apikeys/components/api-keys-screen";
import { listApiKeys } from "@/modules/apikeys/server/keys";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "apikeys.manage" });
  const keys = await listApiKeys({ ctx });
  return <ApiKeysScreen slug={slug} role={ctx.role} keys={keys} now={new Date()} />;
}
