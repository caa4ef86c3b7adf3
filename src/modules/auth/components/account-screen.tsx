import { Link } from "@/components/ui/link";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/ui/date-text";
import { Table, type Column } from "@/components/ui/table";
import { RevokeSessionsForm } from "@/modules/auth/components/revoke-sessions-form";
import type { listSessions } from "@/modules/auth/server/sessions";
import { describeUserAgent } from "@/modules/auth/user-agent";

type Session = Awaited<ReturnType<typeof listSessions>>[number];

const SESSION_COLUMNS: Column<Session>[] = [
  {
    key: "device",
    header: "Device",
    cell: (s) => (
      <>
        {describeUserAgent(s.userAgent)}
        {s.current ? <span className="ml-2 rounded bg-green-100 px-1.5 py-0.5 text-xs text-green-800 dark:bg-green-900 dark:text-green-100">this browser</span> : null}
      </>
    ),
  },
  { key: "ip", header: "IP address", className: "font-mono text-xs", cell: (s) => s.ipAddress ?? "—" },
  { key: "signedIn", header: "Signed in", cell: (s) => <DateText value={s.createdAt} withTime utc /> },
];

/** The signed-in person: their address, the way to security settings, their sessions. */
export function AccountScreen({ email, sessions }: { email: string; sessions: Session[] }) {
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-2xl font-semibold">Your account</h1>
      <Card>
        <h2 className="text-lg font-semibold">Signed in as</h2>
        <p className="mt-1 text-sm">{email}</p>
        <p className="mt-3 text-sm">
          <Link href="/dashboard/account/security">Security: second factor and recovery codes</Link>
        </p>
      </Card>
      <Card>
        <h2 className="text-lg font-semibold">Sessions</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Every browser where you are signed in. A session ends after a day without use, and after 30 days in any case.</p>
        <Table columns={SESSION_COLUMNS} rows={sessions} rowKey={(s) => s.id} empty="No sessions." />
        <div className="mt-4">
          <RevokeSessionsForm />
        </div>
      </Card>
    </div>
  );
}
