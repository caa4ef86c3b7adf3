import type { Metadata } from "next";
import { CheckEmailScreen } from "@/modules/auth/components/check-email-screen";
import { emailSchema, safeNextPath } from "@/modules/auth/schema";

export const metadata: Metadata = { title: "Check your email" };

export default async function CheckEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const email = emailSchema.safeParse(params.email ?? "");
  const flash = { joined: params.joined, error: params.error, left: params.left };
  return <CheckEmailScreen email={email.success ? email.data : null} next={safeNextPath(params.next)} flash={flash} />;
}
