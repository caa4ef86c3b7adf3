/** The overview's setup checklist (client-safe): its steps in order, what each says and where it is done. */
export const SETUP_STEPS = {
  controls: { label: "Add your controls", hint: "At least one control marked Public.", path: "controls" },
  subprocessors: { label: "List your subprocessors", hint: "At least one subprocessor marked Public.", path: "subprocessors" },
  disclosure: { label: "Write your disclosure policy", hint: "A policy with contacts and a security.txt expiry in the future.", path: "disclosure" },
  publish: { label: "Publish your trust center", hint: "The signed snapshot the public page shows.", path: "publish" },
  domain: { label: "Connect a custom domain", hint: "e.g. trust.example.com, verified by DNS.", path: "domains" },
} as const;

export type SetupStep = { key: keyof typeof SETUP_STEPS; done: boolean };
