import { Link } from "@/components/ui/link";
import { ActionForm } from "@/components/action-form";
import { Badge } from "@/components/content/badges";
import { MoveButtons, MoveForm } from "@/components/move-buttons";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/ui/date-text";
import { TextField } from "@/components/ui/field";
import { optionsOf, Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { can, type Role } from "@/modules/permissions/permissions";
import { EVIDENCE_KINDS, LABELS, VISIBILITIES } from "@/modules/content/schema";
import { addEvidenceAction, deleteControlAction, markReviewedAction, moveEvidenceAction, removeEvidenceAction, saveControlAction } from "@/modules/controls/actions";
import { ControlForm } from "@/modules/controls/components/control-form";
import { needsReview, reviewDueAt } from "@/modules/controls/coverage";
import type { getControl } from "@/modules/controls/server/controls";
import { DeleteCard } from "@/components/delete-card";

type Control = Awaited<ReturnType<typeof getControl>>;

/** One control: its review state, its form, its evidence, and (for editors) deleting it. */
export function ControlScreen({ slug, role, control, areas, members, created }: { slug: string; role: Role; control: Control; areas: string[]; members: string[]; created: boolean }) {
  const canEdit = can(role, "controls.write");
  return (
    <div className="max-w-3xl space-y-4">
      <Card>
        <p className="text-sm">
          <Link href={`/dashboard/${slug}/controls`}>← Controls</Link>
        </p>
        <h2 className="mt-2 text-lg font-semibold">
          <span className="font-mono">{control.ref}</span> {control.title}
        </h2>
        <ReviewState slug={slug} control={control} canEdit={canEdit} />
        {created ? (
          <div className="mt-3">
            <Alert tone="success">Control created. Add its evidence below.</Alert>
          </div>
        ) : null}
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
              icon: control.icon ?? "",
            }}
            areas={areas}
            members={members}
            canEdit={canEdit}
          />
        </div>
      </Card>
      <EvidenceCard slug={slug} control={control} canEdit={canEdit} />
      {canEdit ? (
        <DeleteCard title="Delete this control" note="Its evidence goes with it. The audit log keeps the record." action={deleteControlAction.bind(null, slug, control.id)} version={control.version} label="Delete control" />
      ) : null}
    </div>
  );
}

function ReviewState({ slug, control, canEdit }: { slug: string; control: Control; canEdit: boolean }) {
  const due = reviewDueAt(control);
  return (
    <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
      <p data-testid="review-state">
        {needsReview(control) ? (
          <>
            <span className="rounded bg-amber-100 px-1 text-amber-900 dark:bg-amber-900 dark:text-amber-100">Needs review</span> (due <DateText value={due} />)
          </>
        ) : (
          <>
            {control.lastReviewedAt ? "Next review due" : "First review due"} <DateText value={due} />
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
  );
}

function EvidenceCard({ slug, control, canEdit }: { slug: string; control: Control; canEdit: boolean }) {
  const last = control.evidence.length - 1;
  return (
    <Card>
      <h3 className="font-semibold">Evidence</h3>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Where a reviewer can check this control: code, configuration, tests, documents, reports, links.</p>
      {canEdit && control.evidence.length > 0 ? <MoveForm id="move-evidence" action={moveEvidenceAction.bind(null, slug, control.id)} /> : null}
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
                  <MoveButtons form="move-evidence" id={evidence.id} name={evidence.label} first={index === 0} last={index === last} />
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
      {canEdit ? <AddEvidenceForm slug={slug} controlId={control.id} /> : null}
    </Card>
  );
}

function AddEvidenceForm({ slug, controlId }: { slug: string; controlId: string }) {
  return (
    <ActionForm action={addEvidenceAction.bind(null, slug, controlId)} className="mt-4 grid gap-3 sm:grid-cols-2">
      <TextField name="label" label="Label" required maxLength={200} placeholder="Session cookie flags" />
      <TextField name="target" label="Target" required maxLength={1000} placeholder="src/server/auth.ts — setCookie() or https://…" />
      <div className="space-y-1.5">
        <label htmlFor="kind" className="block text-sm font-medium">
          Kind
        </label>
        <Select id="kind" name="kind" defaultValue="CODE" options={optionsOf(EVIDENCE_KINDS, LABELS.evidenceKind)} />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="evidence-visibility" className="block text-sm font-medium">
          Visibility
        </label>
        <Select id="evidence-visibility" name="visibility" defaultValue="PUBLIC" options={optionsOf(VISIBILITIES, LABELS.visibility)} />
      </div>
      <div className="sm:col-span-2">
        <SubmitButton variant="secondary" pendingLabel="Adding…">
          Add evidence
        </SubmitButton>
      </div>
    </ActionForm>
  );
}
