import type { Metadata } from "next";
import { AccountScreen } from "@/modules/auth/components/account-screen";
import { listSessions, requireUser } from "@/modules/auth/server/sessions";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const user = await requireUser();
  return <AccountScreen email={user.email} sessions={await listSessions(user.id)} />;
}
