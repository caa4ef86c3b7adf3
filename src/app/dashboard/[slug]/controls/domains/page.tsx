import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/action-form";
import { Card } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { can } from "@/modules/permissions/permissions";
import { deleteDomainAction, moveDomainAction, renameDomainAction } from "@/modules/controls/actions";
import { controlSummary } from "@/modules/controls/server/controls";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Control domains" };

export default async function DomainsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const { domains } = await controlSummary({ ctx });
  const canEdit = can(ctx.role, "controls.write");
  return (
    <Card className="max-w-3xl">
      <p className="text-sm">
        <Link href={`/dashboard/${slug}/controls`}>← Controls</Link>
      </p>
      <h2 className="mt-2 text-lg font-semibold">Domains</h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Controls are grouped by domain, in this order, on your trust page. A new domain appears when a control names it.
      </p>
      {domains.length === 0 ? <p className="mt-4 text-sm text-zinc-500">No domains yet.</p> : null}
      <ul className="mt-4 divide-y divide-zinc-200 dark:divide-zinc-800">
        {domains.map((domain, index) => (
          <li key={domain.id} className="flex flex-wrap items-center gap-3 py-3 text-sm">
            {canEdit ? (
              <ActionForm action={renameDomainAction.bind(null, slug, domain.id)} className="flex items-center gap-2">
                <label htmlFor={`domain-${domain.id}`} className="sr-only">
                  Name of {domain.name}
                </label>
                <input id={`domain-${domain.id}`} name="name" defaultValue={domain.name} maxLength={80} className="rounded-md border border-zinc-300 px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900" />
                <SubmitButton variant="secondary">Rename</SubmitButton>
              </ActionForm>
            ) : (
              <span className="font-medium">{domain.name}</span>
            )}
            <span className="text-zinc-500">{domain.controls} controls</span>
            {canEdit ? (
              <span className="ml-auto flex items-center gap-1">
                <ActionForm action={moveDomainAction.bind(null, slug, domain.id, "up")} className="inline" successTone={false}>
                  <button type="submit" disabled={index === 0} aria-label={`Move ${domain.name} up`} className="px-1 disabled:opacity-30">
                    ↑
                  </button>
                </ActionForm>
                <ActionForm action={moveDomainAction.bind(null, slug, domain.id, "down")} className="inline" successTone={false}>
                  <button type="submit" disabled={index === domains.length - 1} aria-label={`Move ${domain.name} down`} className="px-1 disabled:opacity-30">
                    ↓
                  </button>
                </ActionForm>
                {domain.controls === 0 ? (
                  <ActionForm action={deleteDomainAction.bind(null, slug, domain.id)} className="inline">
                    <button type="submit" className="text-red-700 underline dark:text-red-400">
                      Delete
                    </button>
                  </ActionForm>
                ) : null}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}
