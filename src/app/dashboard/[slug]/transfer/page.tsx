import type { Metadata } from "next";
import { TransferScreen } from "@/modules/transfer/components/transfer-screen";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Import & export" };

export default async function TransferPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  return <TransferScreen slug={slug} role={ctx.role} orgName={ctx.org.name} />;
}
