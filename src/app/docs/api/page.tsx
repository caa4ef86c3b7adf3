import type { Metadata } from "next";
import { headers } from "next/headers";
import { ApiDocsScreen } from "@/modules/api/components/api-docs-screen";

export const metadata: Metadata = { title: "API reference" };

/** Public: the reference of /api/v1, rendered from its OpenAPI document (no tenant data). */
export default async function ApiDocsPage() {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return <ApiDocsScreen nonce={nonce} />;
}
