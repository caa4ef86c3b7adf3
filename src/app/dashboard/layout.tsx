import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";
import { requireSession } from "@/modules/auth/server/sessions";
import { listOrganizationsForUser } from "@/modules/organizations/server/organizations";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // Whether the person has a second factor comes with the session (one query for both), not from a read of its own.
  const { user, mfaEnabled } = await requireSession();
  const orgs = await listOrganizationsForUser(user.id);
  const leads = orgs.some((org) => org.role === "OWNER" || org.role === "ADMIN");
  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-3">
          <Link href="/dashboard" className="text-sm font-bold tracking-widest text-zinc-900 no-underline dark:text-zinc-100">
            CANDOR
          </Link>
          {/* The browser sets `open` when someone opens this before the page has hydrated; that is
              theirs to set, not a mismatch (issue 10, item 11). */}
          <details className="relative" suppressHydrationWarning>
            <summary className="cursor-pointer list-none rounded-md border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700">
              Organisations ▾
            </summary>
            <nav aria-label="Your organisations" className="absolute z-10 mt-1 w-64 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
              <ul>
                {orgs.map((org) => (
                  <li key={org.id}>
                    <Link href={`/dashboard/${org.slug}`} className="block rounded px-3 py-2 text-sm no-underline hover:bg-zinc-100 dark:hover:bg-zinc-800">
                      {org.name}
                    </Link>
                  </li>
                ))}
                <li>
                  <Link href="/dashboard/new" className="block rounded px-3 py-2 text-sm text-blue-700 no-underline hover:bg-zinc-100 dark:text-blue-400 dark:hover:bg-zinc-800">
                    + New organisation
                  </Link>
                </li>
              </ul>
            </nav>
          </details>
          <div className="ml-auto flex items-center gap-4 text-sm">
            <Link href="/dashboard/account" className="text-zinc-700 no-underline hover:underline dark:text-zinc-300">
              {user.email}
            </Link>
            <form method="post" action="/auth/sign-out">
              <button type="submit" className="rounded-md border border-zinc-300 px-3 py-1.5 dark:border-zinc-700">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      {leads && !mfaEnabled ? (
        <div className="border-b border-amber-200 bg-amber-50 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100">
          <p className="mx-auto max-w-7xl px-4 py-2">
            You own or administer an organisation. Protect it with a second factor:{" "}
            <Link href="/dashboard/account/security" className="font-semibold">
              set up an authenticator app
            </Link>
            .
          </p>
        </div>
      ) : null}
      <main className="mx-auto max-w-7xl px-4 py-8">{children}</main>
    </div>
  );
}
