import Link from "next/link";
import type { ReactNode } from "react";
import { can } from "@/modules/access/permissions";
import { gatePage } from "@/server/gate-page";

export default async function OrganizationLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline gap-x-6 gap-y-2 border-b border-zinc-200 pb-4 dark:border-zinc-800">
        <h1 className="text-2xl font-semibold">{ctx.org.name}</h1>
        <nav aria-label="Organisation" className="flex gap-4 text-sm">
          <Link href={`/dashboard/${slug}`}>Overview</Link>
          <Link href={`/dashboard/${slug}/members`}>Members</Link>
          {can(ctx.role, "audit.read") ? <Link href={`/dashboard/${slug}/audit`}>Audit log</Link> : null}
          <Link href={`/dashboard/${slug}/settings`}>Settings</Link>
          <Link href={`/t/${slug}`}>Public page ↗</Link>
        </nav>
      </div>
      {children}
    </div>
  );
}
