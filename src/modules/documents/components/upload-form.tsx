"use client";

import { useEffect, useState } from "react";
import { MarkdownField } from "@/components/markdown/markdown-field";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { optionsOf, Select } from "@/components/ui/select";
import { LABELS, VISIBILITIES } from "@/modules/content/schema";
import { CategoryList, VISIBILITY_HINT } from "./document-form";

/** The file types the server accepts (it checks the bytes; this only narrows the file picker). */
const ACCEPT = ".pdf,.png,.jpg,.jpeg,.txt,.md,.markdown,application/pdf,image/png,image/jpeg,text/plain,text/markdown";

export type UploadFormValues = Partial<Record<"title" | "category" | "visibility" | "label" | "effectiveDate", string>>;

/**
 * A plain multipart form posted to an upload route (not a server action: files may be 25 MiB).
 * The route answers with a redirect; a failed upload comes back with an error for `error`.
 * `mode` "document" creates a document with its first version; "version" adds a version.
 */
export function UploadForm({
  action,
  mode,
  maxMb,
  error,
  values = {},
  categories = [],
}: {
  action: string;
  mode: "document" | "version";
  maxMb: number;
  error?: { message: string; fields: string[] } | null;
  values?: UploadFormValues;
  categories?: string[];
}) {
  const [pending, setPending] = useState(false);
  useEffect(() => {
    // Coming back to this page from the browser's history: the button works again.
    const reset = () => setPending(false);
    window.addEventListener("pageshow", reset);
    return () => window.removeEventListener("pageshow", reset);
  }, []);
  const prefix = mode === "document" ? "upload" : "version";
  return (
    <form method="post" action={action} encType="multipart/form-data" className="space-y-4" onSubmit={() => setPending(true)} data-testid={`${prefix}-form`}>
      {error ? (
        <Alert tone="error" title="The file was not uploaded">
          {error.message}
          {error.fields.length ? <> Check: {error.fields.join(", ")}.</> : null}
        </Alert>
      ) : null}
      {mode === "document" ? (
        <>
          <TextField name="title" label="Title" defaultValue={values.title} required maxLength={200} placeholder="Information security policy" />
          <MarkdownField name="description" label="Description" rows={4} />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField name="category" label="Category" defaultValue={values.category} maxLength={80} list="document-categories" placeholder="Policies, Reports, Certificates…" />
            <div className="space-y-1.5">
              <label htmlFor="visibility" className="block text-sm font-medium">
                Visibility
              </label>
              <Select id="visibility" name="visibility" defaultValue={values.visibility && (VISIBILITIES as readonly string[]).includes(values.visibility) ? values.visibility : "NDA"} options={optionsOf(VISIBILITIES, LABELS.visibility)} />
              <p className="text-xs text-zinc-500">{VISIBILITY_HINT}</p>
            </div>
          </div>
          <CategoryList categories={categories} />
        </>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField name="label" label="Version label" defaultValue={values.label} maxLength={120} placeholder="v2.1, 2026 edition…" hint="Optional." />
        <TextField name="effectiveDate" label="Effective date" type="date" defaultValue={values.effectiveDate} hint="Optional: when this version takes effect." />
      </div>
      <TextField
        name="file"
       
        label="File"
        type="file"
        accept={ACCEPT}
        required
        hint={`PDF, PNG, JPEG, text or Markdown, at most ${maxMb} MB. The type is checked from the file's contents, not its name.`}
      />
      <Button type="submit" disabled={pending} aria-disabled={pending}>
        {pending ? "Uploading…" : mode === "document" ? "Upload document" : "Upload new version"}
      </Button>
    </form>
  );
}
