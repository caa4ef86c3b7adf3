"use client";

import { useState } from "react";
import { Markdown } from "./markdown";

/** A Markdown textarea with a preview rendered exactly as the trust page renders it. */
export function MarkdownField({ name, label, defaultValue, hint, errors, required, rows = 8 }: { name: string; label: string; defaultValue?: string; hint?: string; errors?: string[]; required?: boolean; rows?: number }) {
  const [value, setValue] = useState(defaultValue ?? "");
  const [preview, setPreview] = useState(false);
  return (
    <div className="space-y-1.5">
      <div className="flex items-center justify-between">
        <label htmlFor={name} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
          {label}
        </label>
        <div role="tablist" aria-label={`${label}: write or preview`} className="flex gap-1 text-xs">
          <button type="button" role="tab" aria-selected={!preview} onClick={() => setPreview(false)} className={`rounded px-2 py-1 ${preview ? "" : "bg-zinc-200 dark:bg-zinc-700"}`}>
            Write
          </button>
          <button type="button" role="tab" aria-selected={preview} onClick={() => setPreview(true)} className={`rounded px-2 py-1 ${preview ? "bg-zinc-200 dark:bg-zinc-700" : ""}`}>
            Preview
          </button>
        </div>
      </div>
      <textarea
        id={name}
        name={name}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        rows={rows}
        required={required}
        hidden={preview}
        aria-invalid={errors?.length ? true : undefined}
        className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 font-mono text-sm text-zinc-900 shadow-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600/30 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      />
      {preview ? (
        <div data-testid={`${name}-preview`} className="min-h-24 rounded-md border border-dashed border-zinc-300 p-3 dark:border-zinc-700">
          {value.trim() ? <Markdown>{value}</Markdown> : <p className="text-sm text-zinc-500">Nothing to preview.</p>}
        </div>
      ) : null}
      <p className="text-xs text-zinc-500 dark:text-zinc-400">{hint ?? "Markdown. HTML is not rendered; links may use http, https or mailto."}</p>
      {errors?.length ? (
        <ul className="space-y-0.5 text-sm text-red-700 dark:text-red-400" role="alert">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
