import { Link } from "@/components/ui/link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ROLE_LABELS } from "@/modules/permissions/permissions";
import type { listOrganizationsForUser } from "@/modules/organizations/server/organizations";

type Organizations = Awaited<ReturnType<typeof listOrganizationsForUser>>;

/** The signed-in person's organisations, or how to create the first one. */
export function OrganizationsScreen({ orgs }: { orgs: Organizations }) {
  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Your organisations</h1>
        <Link href="/dashboard/new" className={buttonClass()}>
          New organisation
        </Link>
      </div>
      {orgs.length === 0 ? (
        <Card>
          <h2 className="text-lg font-semibold">Create your first trust center</h2>
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            An organisation holds your controls, certifications, subprocessors and policies, and publishes them as a public trust
            center. You can invite teammates once it exists.
          </p>
          <Link href="/dashboard/new" className={`${buttonClass()} mt-4`}>
            Create an organisation
          </Link>
        </Card>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {orgs.map((org) => (
            <li key={org.id}>
              <Link href={`/dashboard/${org.slug}`} className="block rounded-lg border border-zinc-200 bg-white p-5 no-underline shadow-sm hover:border-zinc-400 dark:border-zinc-800 dark:bg-zinc-900">
                <span className="block font-semibold text-zinc-900 dark:text-zinc-100">{org.name}</span>
                <span className="mt-1 block text-sm text-zinc-500">
                  /t/{org.slug} · {ROLE_LABELS[org.role]}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
