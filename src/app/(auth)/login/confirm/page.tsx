import type { Metadata } from "next";
import { ConfirmScreen } from "@/modules/auth/components/confirm-screen";
import { confirmLinkSchema } from "@/modules/auth/schema";
import { signInLinkState } from "@/modules/auth/server/sign-in";

export const metadata: Metadata = { title: "Confirm sign-in" };

/**
 * Where the emailed link lands. Opening it changes nothing (mail scanners open links); the
 * button posts the token, and only that signs in.
 */
export default async function ConfirmPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const parsed = confirmLinkSchema.safeParse(await searchParams);
  const state = parsed.success ? await signInLinkState(parsed.data) : "invalid";
  return <ConfirmScreen link={parsed.success && state !== "invalid" ? parsed.data : null} />;
}
