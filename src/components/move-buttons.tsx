import { ActionForm } from "@/components/action-form";

type MoveAction = Parameters<typeof ActionForm>[0]["action"];

/**
 * The one form of an ordered list's ↑ and ↓ buttons, rendered once beside the list. Each row's
 * buttons name it (`form=`) and say what they move in their own value (`{id}:up`), so a row
 * carries two plain buttons instead of two forms with their bound arguments: a list of 50
 * controls was 284 KiB of HTML and payload, two thirds of it these forms. Works without
 * JavaScript (the browser posts the pressed button's name and value).
 */
export function MoveForm({ id, action }: { id: string; action: MoveAction }) {
  return (
    <ActionForm id={id} action={action} successTone={false}>
      {null}
    </ActionForm>
  );
}

/** ↑ and ↓ for one row of an ordered list; a button at the end of the list is disabled. */
export function MoveButtons({ form, id, name, first = false, last = false }: { form: string; id: string; name: string; first?: boolean; last?: boolean }) {
  return (
    <>
      <button type="submit" form={form} name="move" value={`${id}:up`} disabled={first} aria-label={`Move ${name} up`} className="px-1 disabled:opacity-30">
        ↑
      </button>
      <button type="submit" form={form} name="move" value={`${id}:down`} disabled={last} aria-label={`Move ${name} down`} className="px-1 disabled:opacity-30">
        ↓
      </button>
    </>
  );
}
