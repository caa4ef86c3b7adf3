import { ActionForm } from "@/components/action-form";

type MoveAction = Parameters<typeof ActionForm>[0]["action"];

/** ↑ and ↓ for one row of an ordered list; a button at the end of the list is disabled. */
export function MoveButtons({ action, name, first = false, last = false }: { action: (direction: "up" | "down") => MoveAction; name: string; first?: boolean; last?: boolean }) {
  return (
    <>
      <ActionForm action={action("up")} className="inline" successTone={false}>
        <button type="submit" disabled={first} aria-label={`Move ${name} up`} className="px-1 disabled:opacity-30">
          ↑
        </button>
      </ActionForm>
      <ActionForm action={action("down")} className="inline" successTone={false}>
        <button type="submit" disabled={last} aria-label={`Move ${name} down`} className="px-1 disabled:opacity-30">
          ↓
        </button>
      </ActionForm>
    </>
  );
}
