import { Card } from "@/components/ui/card";
import { can, type Role } from "@/modules/permissions/permissions";
import { CONTROL_COLUMNS, SUBPROCESSOR_COLUMNS } from "@/modules/transfer/csv";
import { ImportPanel } from "@/modules/transfer/components/import-panel";

/** Export everything (JSON, CSV); for editors, import with a row-by-row preview. */
export function TransferScreen({ slug, role, orgName }: { slug: string; role: Role; orgName: string }) {
  const base = `/dashboard/${slug}/transfer/export`;
  return (
    <div className="max-w-4xl space-y-4">
      <Card>
        <h2 className="text-lg font-semibold">Export</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Everything {orgName} authors, including NDA and private items, in one JSON file that imports again unchanged (its schema:{" "}
          <a href="/schemas/candor-export-v1.json">candor-export-v1.json</a>). Exporting asks you to confirm it is you.
        </p>
        <ul className="mt-3 flex flex-wrap gap-4 text-sm">
          <li>
            <a href={`${base}?format=json`}>Everything (JSON)</a>
          </li>
          <li>
            <a href={`${base}?format=controls-csv`}>Controls (CSV)</a>
          </li>
          <li>
            <a href={`${base}?format=subprocessors-csv`}>Subprocessors (CSV)</a>
          </li>
        </ul>
      </Card>
      {can(role, "controls.write") ? (
        <Card>
          <h2 className="text-lg font-semibold">Import</h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Items are matched by their key (a control by its reference, a subprocessor by its vendor…): new ones are created, changed ones
            updated. Nothing is deleted. Preview first; the import then runs in one transaction.
          </p>
          {/* `open` may be set by a click before hydration: not a mismatch. */}
          <details className="mt-2 text-sm" suppressHydrationWarning>
            <summary className="cursor-pointer">CSV columns</summary>
            <p className="mt-2">
              Controls: <code>{CONTROL_COLUMNS.join(", ")}</code>. Evidence is one cell: entries separated by <code> ;; </code>, each{" "}
              <code>label | kind | target | visibility</code>.
            </p>
            <p className="mt-2">
              Subprocessors: <code>{SUBPROCESSOR_COLUMNS.join(", ")}</code>.
            </p>
            <p className="mt-2">Dates as YYYY-MM-DD. Statuses and visibility as shown in the dashboard (Implemented, In progress, NDA…).</p>
          </details>
          <div className="mt-4">
            <ImportPanel slug={slug} />
          </div>
        </Card>
      ) : null}
    </div>
  );
}
