import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/action-form";
import { LocalDate } from "@/components/local-date";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { can } from "@/modules/access/permissions";
import { publishAction, unpublishAction } from "@/modules/publishing/actions";
import { listPublications, previewPublication } from "@/modules/publishing/server/publish";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Publish" };

export default async function PublishPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const [preview, history] = await Promise.all([previewPublication({ ctx }), listPublications({ ctx })]);
  const canPublish = can(ctx.role, "publish");
  return (
    <div className="max-w-3xl space-y-4">
      <Card>
        <h2 className="text-lg font-semibold">Publish</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Nothing you edit is public until you publish. A publication is a signed snapshot of everything marked Public (NDA documents are
          listed, without their files); each one names the one before it, so your history can be verified by anyone.
        </p>
        <p className="mt-3 text-sm">
          Status: {preview.live ? <strong>published (#{preview.seq})</strong> : history.length ? <strong>offline</strong> : <strong>never published</strong>}
          {" · "}
          <Link href={`/t/${slug}`}>public page</Link>
        </p>
        <h3 className="mt-5 font-semibold">{preview.unchanged ? "No changes since the last publication" : preview.live ? "What publishing now would change" : "What publishing would show"}</h3>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm" data-testid="pending-changes">
          {preview.changes.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <div className="mt-5 flex flex-wrap gap-3">
          <a href={`/dashboard/${slug}/publish/preview`} className={buttonClass("secondary")} target="_blank" rel="noopener">
            Preview the page ↗
          </a>
          {canPublish ? (
            <ActionForm action={publishAction.bind(null, slug)}>
              <SubmitButton pendingLabel="Publishing…">{preview.live ? "Publish changes" : "Publish"}</SubmitButton>
            </ActionForm>
          ) : (
            <p className="text-sm text-zinc-500">Editors, admins and owners can publish.</p>
          )}
        </div>
      </Card>
      <Card>
        <h3 className="font-semibold">History</h3>
        {history.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-500">No publications yet.</p>
        ) : (
          <table className="mt-2 w-full text-left text-sm">
            <thead className="text-xs uppercase text-zinc-500">
              <tr>
                <th className="py-1 pr-3">#</th>
                <th className="py-1 pr-3">What</th>
                <th className="py-1 pr-3">When</th>
                <th className="py-1 pr-3">By</th>
                <th className="py-1">Hash</th>
              </tr>
            </thead>
            <tbody>
              {history.map((p) => (
                <tr key={p.seq} className="border-t border-zinc-200 dark:border-zinc-800">
                  <td className="py-1 pr-3">{p.seq}</td>
                  <td className="py-1 pr-3">{p.kind === "PUBLISH" ? "Published" : "Taken offline"}</td>
                  <td className="py-1 pr-3">
                    <LocalDate value={p.publishedAt.toISOString()} withTime />
                  </td>
                  <td className="py-1 pr-3">{p.publishedBy ?? "—"}</td>
                  <td className="py-1 font-mono text-xs" title={p.hash}>
                    {p.hash.slice(0, 12)}…
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="mt-3 text-sm">
          <Link href={`/t/${slug}/changelog`}>Public changelog</Link> · <Link href={`/t/${slug}/verify`}>How anyone verifies it</Link>
        </p>
      </Card>
      {canPublish && preview.live ? (
        <Card>
          <h3 className="font-semibold">Take the trust center offline</h3>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            The public page then says it is offline. This is recorded in the chain; earlier publications stay verifiable.
          </p>
          <ActionForm action={unpublishAction.bind(null, slug)} className="mt-2">
            <SubmitButton variant="danger" pendingLabel="Taking offline…">
              Take offline
            </SubmitButton>
          </ActionForm>
        </Card>
      ) : null}
    </div>
  );
}
