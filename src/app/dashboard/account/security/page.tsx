import type { Metadata } from "next";
import { requireUser } from "@/modules/auth/server/sessions";
import { SecurityScreen } from "@/modules/mfa/components/security-screen";
import { mfaStatus, pendingEnrollment } from "@/modules/mfa/server/mfa";

export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage({ searchParams }: { searchParams: Promise<{ required?: string }> }) {
  const user = await requireUser();
  const { required } = await searchParams;
  const status = await mfaStatus(user.id);
  const pending = status.pending ? await pendingEnrollment(user) : null;
  return <SecurityScreen required={required} status={status} pending={pending} />;
}
