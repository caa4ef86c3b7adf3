import { Link } from "@/components/ui/link";
import { ActionForm } from "@/components/action-form";
import { MoveButtons, MoveForm } from "@/components/move-buttons";
import { Card } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { can, type Role } from "@/modules/permissions/permissions";
import { deleteAreaAction, moveAreaAction, renameAreaAction } from "@/modules/controls/actions";
import type { controlSummary } from "@/modules/controls/server/controls";

type Area = Awaited<ReturnType<typeof controlSummary>>["areas"][number];

/** The control areas in page order: rename, reorder, delete an empty one. */
export function ControlAreasScreen({ slug, role, areas }: { slug: string; role: Role; areas: Area[] }) {
  const canEdit = can(role, "controls.write");
  return (
    <Card className="max-w-3xl">
      <p className="text-sm">
        <Link href={`/dashboard/${slug}/controls`}>← Controls</Link>
      </p>
      <h2 className="mt-2 text-lg font-semibold">Control areas</h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Controls are grouped by area, in this order, on your trust page. A new area appears when a control names it.</p>
      {areas.length === 0 ? <p className="mt-4 text-sm text-zinc-500">No areas yet.</p> : null}
      {canEdit ? <MoveForm id="move-area" action={moveAreaAction.bind(null, slug)} /> : null}
      <ul className="mt-4 divide-y divide-zinc-200 dark:divide-zinc-800">
        {areas.map((area, index) => (
          <li key={area.id} className="flex flex-wrap items-center gap-3 py-3 text-sm">
            {canEdit ? (
              <ActionForm action={renameAreaAction.bind(null, slug, area.id)} className="flex items-center gap-2">
                <label htmlFor={`area-${area.id}`} className="sr-only">
                  Name of {area.name}
                </label>
                <input id={`area-${area.id}`} name="name" defaultValue={area.name} maxLength={80} className="rounded-md border border-zinc-300 px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900" />
                <SubmitButton variant="secondary">Rename</SubmitButton>
              </ActionForm>
            ) : (
              <span className="font-medium">{area.name}</span>
            )}
            <span className="text-zinc-500">{area.controls} controls</span>
            {canEdit ? (
              <span className="ml-auto flex items-center gap-1">
                <MoveButtons form="move-area" id={area.id} name={area.name} first={index === 0} last={index === areas.length - 1} />
                {area.controls === 0 ? (
                  <ActionForm action={deleteAreaAction.bind(null, slug, area.id)} className="inline">
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
