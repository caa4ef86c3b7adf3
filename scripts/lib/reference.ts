import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { createElement as h } from "react";
import { renderToString } from "react-dom/server";

/**
 * A fixed piece of work timed on this machine, now: a bench's rows can only be compared across
 * runs beside it. On the shared 2-core VM the same dashboard code ran at 47 and at 90 pages a
 * second within one hour (ADR 042), and nothing in the rows says which hour it was.
 *
 * The work is what the dashboard's main thread mostly does: React rendering a table on the server
 * (50 rows of 8 cells with links and badges, as the control list), with no I/O. Median of 5
 * batches of 200 renders after 100 to warm up, in ms per render; the caller prints it, and may
 * divide its own per-request CPU by it. machineReferenceMs() runs it in a fresh process with
 * React's production build (NODE_ENV=production), as the server renders, whatever the caller's
 * own NODE_ENV and heap.
 */
export function machineReferenceMs(): number {
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/lib/reference.ts"], { encoding: "utf8", env: { ...process.env, NODE_ENV: "production" } });
  const ms = Number(run.stdout.trim());
  if (run.status !== 0 || !Number.isFinite(ms)) throw new Error(`the machine reference failed: ${run.stderr}`);
  return ms;
}

function referenceRenderMs(): number {
  const rows = Array.from({ length: 50 }, (_, i) => ({ id: `id-${i}`, ref: `AC-${String(i).padStart(2, "0")}`, title: `Control number ${i} with a title of a usual length`, area: ["Access", "Crypto", "Operations"][i % 3]!, status: i % 2 ? "IMPLEMENTED" : "PLANNED" }));
  const table = () =>
    h(
      "table",
      { className: "data-table w-full text-left text-sm" },
      h("thead", null, h("tr", null, ...["", "Ref", "Title", "Area", "Status", "Visibility", "Evidence", "Reviewed"].map((label) => h("th", { key: label }, h("a", { href: `?sort=${label}` }, label))))),
      h(
        "tbody",
        null,
        rows.map((row) =>
          h(
            "tr",
            { key: row.id, "data-testid": `control-${row.ref}` },
            h("td", null, h("input", { type: "checkbox", name: "ids", value: row.id, readOnly: true })),
            h("td", { className: "whitespace-nowrap font-mono text-xs" }, h("a", { href: `/c/${row.id}` }, row.ref)),
            h("td", { className: "min-w-72 w-2/5" }, row.title),
            h("td", null, row.area),
            h("td", null, h("span", { className: `badge tone-${row.status === "IMPLEMENTED" ? "green" : "plain"}` }, row.status)),
            h("td", null, h("span", { className: "badge tone-plain" }, "Public")),
            h("td", null, 3),
            h("td", null, h("time", { dateTime: "2026-03-02" }, "2026-03-02")),
          ),
        ),
      ),
    );
  let bytes = 0;
  for (let i = 0; i < 100; i++) bytes += renderToString(table()).length;
  const batches: number[] = [];
  for (let batch = 0; batch < 5; batch++) {
    const started = performance.now();
    for (let i = 0; i < 200; i++) bytes += renderToString(table()).length;
    batches.push((performance.now() - started) / 200);
  }
  if (bytes === 0) throw new Error("the reference rendered nothing");
  return batches.sort((a, b) => a - b)[2]!;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(referenceRenderMs());
