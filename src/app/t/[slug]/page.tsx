import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Markdown } from "@/components/markdown";
import { getPublicOrganization } from "@/modules/organizations/server/public-page";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const org = await getPublicOrganization((await params).slug);
  return org ? { title: `${org.name} trust center`, description: `Security and trust information published by ${org.name}.` } : {};
}

/** The public trust center. Server-rendered; reads without any client JavaScript. */
export default async function TrustCenterPage({ params }: Props) {
  const org = await getPublicOrganization((await params).slug);
  if (!org) notFound();
  const accent = org.brandColor ?? "#111827";
  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" style={{ borderTop: `4px solid ${accent}` }}>
        <div className="mx-auto flex max-w-4xl items-center gap-4 px-4 py-6">
          {org.logoVersion ? (
            // eslint-disable-next-line @next/next/no-img-element -- a tenant's own small logo, served by us
            <img src={`/t/${org.slug}/logo?v=${org.logoVersion}`} alt={`${org.name} logo`} className="h-12 w-auto" />
          ) : null}
          <div>
            <p className="text-sm font-medium uppercase tracking-wide text-zinc-500">Trust center</p>
            <h1 className="text-3xl font-semibold">{org.name}</h1>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-4xl space-y-10 px-4 py-10">
        <section aria-labelledby="status" className="rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100">
          <h2 id="status" className="font-semibold">Nothing has been published yet</h2>
          <p className="mt-1">
            {org.name} has not published its controls, certifications or subprocessors on Candor yet. What you see here is their
            introduction and security contact, nothing more.
          </p>
        </section>
        {org.overview.trim() ? (
          <section aria-labelledby="overview">
            <h2 id="overview" className="text-xl font-semibold">
              Overview
            </h2>
            <div className="mt-3">
              <Markdown>{org.overview}</Markdown>
            </div>
          </section>
        ) : null}
        <section aria-labelledby="contact">
          <h2 id="contact" className="text-xl font-semibold">
            Security contact
          </h2>
          {org.securityContactEmail ? (
            <p className="mt-2">
              Report a vulnerability or ask a security question: <a href={`mailto:${org.securityContactEmail}`}>{org.securityContactEmail}</a>
            </p>
          ) : (
            <p className="mt-2 text-zinc-600 dark:text-zinc-400">{org.name} has not named a security contact yet.</p>
          )}
        </section>
      </main>
      <footer className="mx-auto max-w-4xl px-4 pb-10 text-xs text-zinc-500">Hosted on Candor, an open-source trust center.</footer>
    </div>
  );
}
