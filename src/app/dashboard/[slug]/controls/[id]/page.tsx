import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/action-form";
import { Badge } from "@/components/content/badges";
import { TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { can } from "@/modules/permissions/permissions";
import { EVIDENCE_KINDS, LABELS, VISIBILITIES } from "@/modules/content/schema";
import { addEvidenceAction, deleteControlAction, markReviewedAction, moveEvidenceAction, removeEvidenceAction, saveControlAction } from "@/modules/controls/actions";
import { ControlForm } from "@/modules/controls/components/control-form";
import { needsReview, reviewDueAt } from "@/modules/controls/coverage";
import { controlSummary, getControl, listMemberEmails } from "@/modules/controls/server/controls";
import { LocalDate } from "@/components/local-date";
import { AppError } from "@/server/errors";
import { gatePage } from "@/server/gate-page";
import { readTogether } from "@/server/page-reads";

export const metadata: Metadata = { title: "Control" };

const selectClass = "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";

export default async function ControlPage({ params, searchParams }: { params: Promise<{ slug: string; id: string }>; searchParams: Promise<{ created?: string }> }) {
  const { slug, id } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const [control, summary, members] = await readTogether(ctx, () => Promise.all([getControl({ ctx, id }), controlSummary({ ctx }), listMemberEmails({ ctx })])).catch((error) => {
    if (error instanceof AppError || (error as Error).name === "ZodError") notFound();
    throw error;
  });
  const canEdit = can(ctx.role, "controls.write");
  const due = reviewDueAt(control);
  return (
    <div className="max-w-3xl space-y-4">
      <Card>
        <p className="text-sm">
          <Link href={`/dashboard/${slug}/controls`}>← Controls</Link>
        </p>
        <h2 className="mt-2 text-lg font-semibold">
          <span className="font-mono">{control.ref}</span> {control.title}
        </h2>
        <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
          <p data-testid="review-state">
            {needsReview(control) ? (
              <>
                <span className="rounded bg-amber-100 px-1 text-amber-900 dark:bg-amber-900 dark:text-amber-100">Needs review</span> (due <LocalDate value={due.toISOString()} />)
              </>
            ) : (
              <>
                {control.lastReviewedAt ? "Next review due" : "First review due"} <LocalDate value={due.toISOString()} />
              </>
            )}
          </p>
          {canEdit ? (
            <ActionForm action={markReviewedAction.bind(null, slug)} className="inline">
              <input type="hidden" name="ids" value={control.id} />
              <button type="submit" className="underline">
                Mark reviewed today
              </button>
            </ActionForm>
          ) : null}
        </div>
        {(await searchParams).created ? <div className="mt-3"><Alert tone="success">Control created. Add its evidence below.</Alert></div> : null}
        <div className="mt-4">
          <ControlForm
            action={saveControlAction.bind(null, slug, control.id)}
            version={control.version}
            values={{
              ref: control.ref,
              area: control.area.name,
              title: control.title,
              description: control.description,
              status: control.status,
              visibility: control.visibility,
              ownerEmail: control.owner?.email ?? "",
              reviewCadenceDays: control.reviewCadenceDays,
              lastReviewedAt: control.lastReviewedAt?.toISOString().slice(0, 10) ?? "",
            }}
            areas={summary.areas.map((d) => d.name)}
            members={members}
            canEdit={canEdit}
          />
        </div>
      </Card>

      <Card>
        <h3 className="font-semibold">Evidence</h3>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Where a reviewer can check this control: code, configuration, tests, documents, reports, links.</p>
        {control.evidence.length === 0 ? (
          <p className="mt-3 text-sm text-zinc-500">No evidence yet.</p>
        ) : (
          <ul className="mt-3 divide-y divide-zinc-200 dark:divide-zinc-800">
            {control.evidence.map((evidence, index) => (
              <li key={evidence.id} className="flex flex-wrap items-center gap-3 py-2 text-sm" data-testid="evidence">
                <Badge value={evidence.kind} />
                <span className="font-medium">{evidence.label}</span>
                <code className="break-all text-xs">{evidence.target}</code>
                <Badge value={evidence.visibility} />
                {canEdit ? (
                  <span className="ml-auto flex items-center gap-1">
                    <ActionForm action={moveEvidenceAction.bind(null, slug, control.id, evidence.id, "up")} className="inline" successTone={false}>
                      <button type="submit" disabled={index === 0} aria-label={`Move ${evidence.label} up`} className="px-1 disabled:opacity-30">
                        ↑
                      </button>
                    </ActionForm>
                    <ActionForm action={moveEvidenceAction.bind(null, slug, control.id, evidence.id, "down")} className="inline" successTone={false}>
                      <button type="submit" disabled={index === control.evidence.length - 1} aria-label={`Move ${evidence.label} down`} className="px-1 disabled:opacity-30">
                        ↓
                      </button>
                    </ActionForm>
                    <ActionForm action={removeEvidenceAction.bind(null, slug, control.id, evidence.id)} className="inline" successTone={false}>
                      <button type="submit" className="text-red-700 underline dark:text-red-400">
                        Remove
                      </button>
                    </ActionForm>
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {canEdit ? (
          <ActionForm action={addEvidenceAction.bind(null, slug, control.id)} className="mt-4 grid gap-3 sm:grid-cols-2">
            <TextField name="label" label="Label" required maxLength={200} placeholder="Session cookie flags" />
            <TextField name="target" label="Target" required maxLength={1000} placeholder="src/server/auth.ts — setCookie() or https://…" />
            <div className="space-y-1.5">
              <label htmlFor="kind" className="block text-sm font-medium">
                Kind
              </label>
              <select id="kind" name="kind" defaultValue="CODE" className={selectClass}>
                {EVIDENCE_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {LABELS.evidenceKind[kind]}
                  </option>
                ))}
              </select>
            </div>
            <div className="space-y-1.5">
              <label htmlFor="evidence-visibility" className="block text-sm font-medium">
                Visibility
              </label>
              <select id="evidence-visibility" name="visibility" defaultValue="PUBLIC" className={selectClass}>
                {VISIBILITIES.map((v) => (
                  <option key={v} value={v}>
                    {LABELS.visibility[v]}
                  </option>
                ))}
              </select>
            </div>
            <div className="sm:col-span-2">
              <SubmitButton variant="secondary" pendingLabel="Adding…">
                Add evidence
              </SubmitButton>
            </div>
          </ActionForm>
        ) : null}
      </Card>

      {canEdit ? (
        <Card>
          <h3 className="font-semibold">Delete this control</h3>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Its evidence goes with it. The audit log keeps the record.</p>
          <ActionForm action={deleteControlAction.bind(null, slug, control.id)} className="mt-2">
            <input type="hidden" name="version" value={control.version} />
            <SubmitButton variant="danger" pendingLabel="Deleting…">
              Delete control
            </SubmitButton>
          </ActionForm>
        </Card>
      ) : null}
    </div>
  );
}
