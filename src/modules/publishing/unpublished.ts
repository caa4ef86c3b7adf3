/** What the dashboard shell says about unpublished changes (client-safe; read by server/unpublished.ts). */

/** Counting stops here ("100+"): the shell needs a hint, not a census of a long unpublished history. */
export const EDITS_SHOWN_UP_TO = 100;

export type Unpublished =
  /** Never published, or taken offline: the whole draft is unpublished. */
  | { state: "never" | "offline"; edits: number }
  /** Published: how many draft edits the audit chain records since the last publication. */
  | { state: "published"; edits: number; seq: number };
