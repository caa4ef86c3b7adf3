import { Link } from "@/components/ui/link";
import { Card } from "@/components/ui/card";
import { ROLE_LABELS, type Role } from "@/modules/permissions/permissions";
import { CoverageSummary } from "@/modules/controls/components/coverage-summary";
import type { controlSummary } from "@/modules/controls/server/controls";
import { SetupChecklist } from "@/modules/organizations/components/setup-checklist";
import type { SetupStep } from "@/modules/organizations/setup";

type Summary = Awaited<ReturnType<typeof controlSummary>>;
type Live = Parameters<typeof CoverageSummary>[0]["live"];

// In the controls module: most of it is coverage, and organizations may not import controls (a cycle).
/** An organisation's home: the setup checklist, coverage, reviews due, the trust center's state, who you are here. */
export function HomeScreen({ slug, summary, live, expiry, setup, viewer }: { slug: string; summary: Summary; live: Live; expiry: "ok" | "missing" | "expired" | "soon"; setup: readonly SetupStep[]; viewer: { email: string; role: Role; orgName: string } }) {
  const c = summary.coverage;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <SetupChecklist slug={slug} steps={setup} />
      <Card>
        <h2 className="text-lg font-semibold">Controls</h2>
        {c.total === 0 ? (
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            No controls yet. <Link href={`/dashboard/${slug}/controls/new`}>Create one</Link> or <Link href={`/dashboard/${slug}/transfer`}>import a file</Link>.
          </p>
        ) : (
          <>
            <p className="mt-2 text-sm font-medium">Coverage</p>
            <div className="mt-1">
              <CoverageSummary draft={c} live={live} slug={slug} />
            </div>
            {summary.reviewDue > 0 ? (
              <p className="mt-2 text-sm">
                <Link href={`/dashboard/${slug}/controls?review=due`}>{summary.reviewDue} need review</Link>
              </p>
            ) : null}
          </>
        )}
      </Card>
      <Card>
        <h2 className="text-lg font-semibold">Your trust center</h2>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Public address: <Link href={`/t/${slug}`} className="font-mono">/t/{slug}</Link>
        </p>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          {expiry === "ok" ? "Disclosure policy in place." : <Link href={`/dashboard/${slug}/disclosure`}>{expiry === "missing" ? "Write your disclosure policy" : "Your security.txt expiry needs attention"}</Link>}
        </p>
      </Card>
      <Card>
        <h2 className="text-lg font-semibold">You</h2>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Signed in as {viewer.email}, {ROLE_LABELS[viewer.role]} of {viewer.orgName}.
        </p>
      </Card>
    </div>
  );
}
