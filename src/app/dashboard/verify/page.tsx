import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeNextPath } from "@/modules/auth/schema";
import { currentSession } from "@/modules/auth/server/sessions";
import { VerifyScreen } from "@/modules/mfa/components/verify-screen";

export const metadata: Metadata = { title: "Verify it is you" };

/** Before a sensitive act: a fresh check (a signed-in session only; else sign in first). */
export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeNextPath((await searchParams).next);
  const session = await currentSession();
  if (!session?.complete) redirect(`/login?${new URLSearchParams({ next })}`);
  return <VerifyScreen next={next} mfaEnabled={session.mfaEnabled} email={session.user.email} />;
}
