import type { Metadata } from "next";
import { AuditScreen } from "@/modules/audit/components/audit-screen";
import { auditFilterSchema, type AuditFilter } from "@/modules/audit/schema";
import { listAuditEvents } from "@/modules/audit/server/queries";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "audit.read" });
  // A filter the URL gets wrong is ignored, and the page says so.
  const parsed = auditFilterSchema.safeParse(await searchParams);
  const filter: AuditFilter = parsed.success ? parsed.data : { actor: undefined, action: undefined };
  const page = await listAuditEvents({ ctx, filter });
  return <AuditScreen slug={slug} filter={filter} understood={parsed.success} page={page} />;
}
