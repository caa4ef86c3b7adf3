import { ActionForm } from "@/components/action-form";
import { Card } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";

type Action = Parameters<typeof ActionForm>[0]["action"];

/** The last card of an edit screen: delete this row, sending the version the viewer saw. */
export function DeleteCard({ title, note, action, version, label }: { title: string; note?: string; action: Action; version: number; label: string }) {
  return (
    <Card>
      <h3 className="font-semibold">{title}</h3>
      {note ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{note}</p> : null}
      <ActionForm action={action} className="mt-2">
        <input type="hidden" name="version" value={version} />
        <SubmitButton variant="danger" pendingLabel="Deleting…">
          {label}
        </SubmitButton>
      </ActionForm>
    </Card>
  );
}
