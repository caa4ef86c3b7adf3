import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { RevokeSessionsForm } from "@/modules/auth/components/revoke-sessions-form";
import { listSessions, requireUser } from "@/modules/auth/server/sessions";
import { describeUserAgent } from "@/modules/auth/user-agent";

export const metadata: Metadata = { title: "Your account" };

const when = (date: Date) => date.toISOString().replace("T", " ").slice(0, 16) + " UTC";

export default async function AccountPage() {
  const user = await requireUser();
  const sessions = await listSessions(user.id);
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-2xl font-semibold">Your account</h1>
      <Card>
        <h2 className="text-lg font-semibold">Signed in as</h2>
        <p className="mt-1 text-sm">{user.email}</p>
        <p className="mt-3 text-sm">
          <Link href="/dashboard/account/security">Security: second factor and recovery codes</Link>
        </p>
      </Card>
      <Card>
        <h2 className="text-lg font-semibold">Sessions</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Every browser where you are signed in. A session ends after a day without use, and after 30 days in any case.
        </p>
        <table className="mt-4 w-full text-left text-sm">
          <thead className="text-xs uppercase text-zinc-500">
            <tr>
              <th className="py-2">Device</th>
              <th className="py-2">IP address</th>
              <th className="py-2">Signed in</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={session.id} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-2">
                  {describeUserAgent(session.userAgent)}
                  {session.current ? <span className="ml-2 rounded bg-green-100 px-1.5 py-0.5 text-xs text-green-800 dark:bg-green-900 dark:text-green-100">this browser</span> : null}
                </td>
                <td className="py-2 font-mono text-xs">{session.ipAddress ?? "—"}</td>
                <td className="py-2">{when(session.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="mt-4">
          <RevokeSessionsForm />
        </div>
      </Card>
    </div>
  );
}
