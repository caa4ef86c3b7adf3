"use client";

import { useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FilterField, Select } from "@/components/ui/select";
import { Table, type Column } from "@/components/ui/table";

type Counts = Record<string, { create: number; update: number; unchanged: number; rejected: number }>;
type Plan = {
  mode: "preview" | "apply";
  counts: Counts;
  problems: { section: string; row: number; key?: string; messages: string[] }[];
  skipped: string[];
  disclosure: string;
  entries: { section: string; key: string; label: string; action: string }[];
  entryCount: number;
};

const FORMATS = [
  { value: "json", label: "Candor export (JSON)", accept: ".json,application/json" },
  { value: "controls-csv", label: "Controls (CSV)", accept: ".csv,text/csv" },
  { value: "subprocessors-csv", label: "Subprocessors (CSV)", accept: ".csv,text/csv" },
];

/** Send JSON with upload progress (fetch has none). */
function post(url: string, body: unknown, onProgress: (fraction: number) => void): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => {
      try {
        resolve({ status: xhr.status, json: JSON.parse(xhr.responseText) });
      } catch {
        reject(new Error(`The server answered ${xhr.status}.`));
      }
    };
    xhr.onerror = () => reject(new Error("The network request failed."));
    xhr.send(JSON.stringify(body));
  });
}

type Progress = { label: string; fraction: number | null };

/** The import's state: the file read, the plan the server answered, progress and errors. */
function useImport(slug: string) {
  const [format, setFormatState] = useState("json");
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState("");
  const [progress, setProgress] = useState<Progress | null>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  function setFormat(value: string) {
    setFormatState(value);
    setPlan(null);
  }

  function readFile(file: File) {
    setPlan(null);
    setError(null);
    setFileName(file.name);
    if (file.size > 10 * 1024 * 1024) {
      setError("The file is larger than 10 MB. Split it and import the parts.");
      return;
    }
    const reader = new FileReader();
    reader.onprogress = (event) => event.lengthComputable && setProgress({ label: "Reading the file", fraction: event.loaded / event.total });
    reader.onload = () => {
      setProgress(null);
      setText(String(reader.result));
    };
    reader.onerror = () => setError("The file could not be read.");
    reader.readAsText(file);
  }

  async function run(mode: "preview" | "apply") {
    if (!text) return;
    setError(null);
    setProgress({ label: mode === "preview" ? "Checking every row" : "Importing", fraction: 0 });
    try {
      const { status, json } = await post(`/dashboard/${slug}/transfer/import`, { mode, format, text }, (fraction) =>
        setProgress({ label: fraction < 1 ? "Sending the file" : mode === "preview" ? "Checking every row" : "Importing, in one transaction", fraction: fraction < 1 ? fraction : null }),
      );
      if (status >= 400) {
        const body = json as { message?: string };
        setError(body.message ?? `The server answered ${status}.`);
        setPlan(null);
      } else {
        setPlan(json as Plan);
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setProgress(null);
    }
  }

  function reset() {
    setPlan(null);
    setText(null);
    if (input.current) input.current.value = "";
  }

  return { format, setFormat, text, fileName, progress, plan, error, input, readFile, run, reset };
}

/**
 * Import: choose a file, see what it would create, update and reject (row by row), then apply it
 * in one transaction. Reading and sending large files (thousands of rows) shows progress.
 */
export function ImportPanel({ slug }: { slug: string }) {
  const { format, setFormat, text, fileName, progress, plan, error, input, readFile, run, reset } = useImport(slug);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <FilterField label="Format">
          <Select size="compact" value={format} onChange={(event) => setFormat(event.target.value)} options={FORMATS} />
        </FilterField>
        <label className="space-y-1">
          <span className="block font-medium">File</span>
          <input ref={input} type="file" accept={FORMATS.find((f) => f.value === format)?.accept} onChange={(event) => event.target.files?.[0] && readFile(event.target.files[0])} />
        </label>
        <Button type="button" variant="secondary" disabled={!text || progress !== null} onClick={() => run("preview")}>
          Preview
        </Button>
      </div>
      {progress ? (
        <div role="status" aria-live="polite" className="space-y-1 text-sm">
          <p>{progress.label}…</p>
          <progress className="w-full" max={1} value={progress.fraction ?? undefined} aria-label={progress.label} />
        </div>
      ) : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      {plan ? (
        <div className="space-y-4" data-testid="import-plan">
          <PlanView plan={plan} fileName={fileName} />
          {plan.mode === "preview" ? (
            <Button type="button" disabled={progress !== null} onClick={() => run("apply")}>
              {plan.problems.length ? "Import the valid rows" : "Import"}
            </Button>
          ) : (
            <Button type="button" variant="secondary" onClick={reset}>
              Import another file
            </Button>
          )}
        </div>
      ) : null}
    </div>
  );
}

type SectionCounts = { section: string; create: number; update: number; unchanged: number; rejected: number };

const COUNT_COLUMNS: Column<SectionCounts>[] = [
  { key: "section", header: "Section", className: "capitalize", cell: (c) => c.section },
  { key: "create", header: "Create", cell: (c) => c.create },
  { key: "update", header: "Update", cell: (c) => c.update },
  { key: "unchanged", header: "Unchanged", cell: (c) => c.unchanged },
  { key: "rejected", header: "Rejected", cell: (c) => (c.rejected ? <span className="font-semibold text-red-700 dark:text-red-400">{c.rejected}</span> : c.rejected) },
];

/** What the import would do (or did): counts per section, the rows refused, every item. */
function PlanView({ plan, fileName }: { plan: Plan; fileName: string }) {
  const sections = Object.entries(plan.counts)
    .filter(([, c]) => c.create + c.update + c.unchanged + c.rejected > 0)
    .map(([section, c]) => ({ section, ...c }));
  return (
    <>
      {plan.mode === "apply" ? <Alert tone="success" title="Imported">Everything below was applied in one transaction.</Alert> : <p className="text-sm">What importing {fileName} would do:</p>}
      <Table className="" columns={COUNT_COLUMNS} rows={sections} rowKey={(c) => c.section} empty="Nothing to import." />
      {plan.disclosure !== "none" ? <p className="text-sm">Disclosure policy: {plan.disclosure}</p> : null}
      {plan.problems.length ? (
        <div>
          <h3 className="font-semibold">Rows that will not be imported ({plan.problems.length})</h3>
          <ul className="mt-2 max-h-72 space-y-1 overflow-auto text-sm">
            {plan.problems.map((problem, index) => (
              <li key={index}>
                <strong>
                  {problem.section === "file" ? "File" : problem.section}, row {problem.row}
                </strong>
                : {problem.messages.join("; ")}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {plan.skipped.map((line) => (
        <Alert key={line} tone="info">
          Skipped: {line}
        </Alert>
      ))}
      <details suppressHydrationWarning>
        <summary className="cursor-pointer text-sm">Every item ({plan.entryCount})</summary>
        <ul className="mt-2 max-h-72 overflow-auto text-sm">
          {plan.entries.map((entry) => (
            <li key={`${entry.section}-${entry.key}`}>
              <span className="inline-block w-24 text-zinc-500">{entry.action}</span> {entry.section}: {entry.label}
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}
