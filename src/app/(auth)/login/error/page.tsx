import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Sign-in problem" };

const MESSAGES: Record<string, { title: string; body: string }> = {
  link_invalid: {
    title: "This sign-in link no longer works",
    body: "Links work once and expire after 10 minutes, and a newer email replaces older ones. Request a new one.",
  },
};

export default async function AuthErrorPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { error } = await searchParams;
  const message = MESSAGES[error ?? ""] ?? { title: "Sign-in did not complete", body: "Please request a new sign-in email." };
  return (
    <Card>
      <h1 className="text-2xl font-semibold">{message.title}</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{message.body}</p>
      <p className="mt-6">
        <Link href="/login">Request a new sign-in email</Link>
      </p>
    </Card>
  );
}
