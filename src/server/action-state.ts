/** Client-safe: the state every form's server action returns (see src/server/actions.ts). */
export type FieldErrors = Record<string, string[]>;

export type ActionState = {
  status: "idle" | "success" | "error";
  message?: string;
  fieldErrors?: FieldErrors;
};

export const idle: ActionState = { status: "idle" };
