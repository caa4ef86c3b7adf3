"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { TextField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/server/action-state";
import { createOrganizationAction } from "../actions";
import { SLUG_RULES } from "../schema";

function suggestSlug(name: string) {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
}

export function CreateOrganizationForm() {
  const [state, action] = useActionState(createOrganizationAction, idle);
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  return (
    <form action={action} className="space-y-5" noValidate>
      {state.status === "error" && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <TextField
        name="name"
        label="Organisation name"
        required
        maxLength={100}
        value={name}
        onChange={(event) => {
          setName(event.target.value);
          if (!slugEdited) setSlug(suggestSlug(event.target.value));
        }}
        errors={state.fieldErrors?.name}
      />
      <TextField
        name="slug"
        label="Public address"
        required
        minLength={3}
        maxLength={40}
        value={slug}
        onChange={(event) => {
          setSlugEdited(true);
          setSlug(event.target.value);
        }}
        hint={
          <>
            Your trust center will live at <span className="font-mono">/t/{slug || "your-address"}</span>. {SLUG_RULES}
          </>
        }
        errors={state.fieldErrors?.slug}
      />
      <SubmitButton pendingLabel="Creating…">Create organisation</SubmitButton>
    </form>
  );
}
