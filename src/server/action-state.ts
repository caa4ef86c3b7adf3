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
  /** What the person typed, put back into the form after an error (React resets it after an action). */
  values?: Record<string, string>;
};

export const idle: ActionState = { status: "idle" };

/** What was typed in `fields`, as text, for `values` after an error. */
export const typedValues = (form: FormData, fields: readonly string[]): Record<string, string> => Object.fromEntries(fields.map((f) => [f, String(form.get(f) ?? "")]));
