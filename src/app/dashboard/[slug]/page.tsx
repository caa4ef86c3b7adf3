import Link from "next/link";
import { Card } from "@/components/ui/card";
import { ROLE_LABELS } from "@/modules/permissions/permissions";
import { CoverageSummary } from "@/modules/controls/components/coverage-summary";
import { controlSummary } from "@/modules/controls/server/controls";
import { expiryState, getDisclosure } from "@/modules/disclosure/server/disclosure";
import { liveCoverage } from "@/modules/publishing/server/live-coverage";
import { gatePage } from "@/server/gate-page";

export default async function OrganizationHome({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const [summary, disclosure, live] = await Promise.all([controlSummary({ ctx }), getDisclosure({ ctx }), liveCoverage({ ctx })]);
  const c = summary.coverage;
  const expiry = expiryState(disclosure?.expiresAt);
  return (
    <div className="grid gap-4 md:grid-cols-2">
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
          Signed in as {ctx.user.email}, {ROLE_LABELS[ctx.role]} of {ctx.org.name}.
        </p>
      </Card>
    </div>
  );
}
