/** Client-safe: the state every form's server action returns (see src/server/actions.ts). */
export type FieldErrors = Record<string, string[]>;

export type ActionState = {
  status: "idle" | "success" | "error";
  message?: string;
  fieldErrors?: FieldErrors;
  /** The error's code (e.g. "reauth_required"), so a form can offer the way forward. */
  code?: string;
  /** Values to show once (e.g. recovery codes). */
  secrets?: string[];
};

export const idle: ActionState = { status: "idle" };
