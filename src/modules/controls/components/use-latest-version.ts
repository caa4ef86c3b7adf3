"use client";

import { useState } from "react";
import type { ActionState } from "@/server/action-state";

/**
 * Which version of a control an edit form holds, and when to reload its fields.
 *
 * The page re-renders after every action on it. When the control's version moved on without this
 * form saving (someone marked it reviewed, here or in the list), the fields on screen are stale:
 * saving them would be refused as a conflict, rightly. If nothing was typed yet, the form simply
 * takes the new version and its values (`formKey` changes, so the fields remount from them).
 * If something was typed, the typing is kept, the old version with it, and `stale` says so, so
 * the person learns before saving rather than after. A form that saves itself follows its own
 * new version through `state.version` and does not remount.
 */
export function useLatestVersion(version: number | undefined, state: ActionState & { version?: number }) {
  const [adopted, setAdopted] = useState(version);
  const [edited, setEdited] = useState(false);
  const [seen, setSeen] = useState(state);
  if (seen !== state) {
    setSeen(state);
    // A successful save leaves the fields equal to what is stored: nothing unsaved any more.
    if (state.status === "success") setEdited(false);
  }
  const held = Math.max(state.version ?? 0, adopted ?? 0);
  const newer = version !== undefined && version > held;
  if (newer && !edited) setAdopted(version);
  return {
    /** The version the hidden field sends. */
    held: version === undefined ? undefined : held,
    formKey: String(adopted ?? "new"),
    stale: newer && edited,
    onEdit: () => setEdited(true),
  };
}
