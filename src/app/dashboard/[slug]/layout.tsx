import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";
import { can } from "@/modules/permissions/permissions";
import { UnpublishedIndicator } from "@/modules/publishing/components/unpublished-indicator";
import { unpublishedChanges } from "@/modules/publishing/server/unpublished";
import { gatePage } from "@/server/gate-page";

export default async function OrganizationLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  // One statement (no projection): the audit chain's edits since the last publication.
  const unpublished = await unpublishedChanges({ ctx });
  const base = `/dashboard/${slug}`;
  const groups: { label: string; links: { href: string; label: string; show?: boolean }[] }[] = [
    {
      label: "Posture",
      links: [
        { href: `${base}/controls`, label: "Controls" },
        { href: `${base}/frameworks`, label: "Frameworks" },
        { href: `${base}/subprocessors`, label: "Subprocessors" },
        { href: `${base}/disclosure`, label: "Disclosure policy" },
        { href: `${base}/documents`, label: "Documents" },
        { href: `${base}/reviews`, label: "Security reviews" },
      ],
    },
    {
      label: "Trust page",
      links: [
        { href: `${base}/faqs`, label: "FAQs" },
        { href: `${base}/updates`, label: "Updates" },
        { href: `${base}/sections`, label: "Sections" },
        { href: `${base}/publish`, label: "Publish" },
        { href: `${base}/domains`, label: "Custom domain" },
        { href: `${base}/access`, label: "Access", show: can(ctx.role, "access.review") },
        { href: `${base}/subscribers`, label: "Subscribers", show: can(ctx.role, "subscribers.read") },
        { href: `/t/${slug}`, label: "Public page ↗" },
      ],
    },
    {
      label: "Organisation",
      links: [
        { href: base, label: "Overview" },
        { href: `${base}/members`, label: "Members" },
        { href: `${base}/audit`, label: "Audit log", show: can(ctx.role, "audit.read") },
        { href: `${base}/webhooks`, label: "Webhooks", show: can(ctx.role, "webhooks.manage") },
        { href: `${base}/api-keys`, label: "API keys", show: can(ctx.role, "apikeys.manage") },
        { href: `${base}/transfer`, label: "Import & export" },
        { href: `${base}/settings`, label: "Settings" },
        { href: `${base}/account-alerts`, label: "Your alerts" },
      ],
    },
  ];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 pb-4 dark:border-zinc-800">
        <h1 className="text-2xl font-semibold">{ctx.org.name}</h1>
        <UnpublishedIndicator slug={slug} unpublished={unpublished} />
      </div>
      <div className="grid gap-8 md:grid-cols-[12rem_1fr]">
        <nav aria-label="Organisation" className="space-y-5 text-sm">
          {groups.map((group) => (
            <div key={group.label}>
              <p className="text-xs font-semibold uppercase tracking-wide text-zinc-500">{group.label}</p>
              <ul className="mt-2 space-y-1">
                {group.links
                  .filter((link) => link.show !== false)
                  .map((link) => (
                    <li key={link.href}>
                      <Link href={link.href} className="text-zinc-700 no-underline hover:underline dark:text-zinc-300">
                        {link.label}
                      </Link>
                    </li>
                  ))}
              </ul>
            </div>
          ))}
        </nav>
        <div className="min-w-0">{children}</div>
      </div>
    </div>
  );
}
