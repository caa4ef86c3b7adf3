import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DateText } from "@/components/ui/date-text";
import { FileSize } from "@/components/ui/file-size";
import { optionsOf, Select } from "@/components/ui/select";
import { Table, type Column } from "@/components/ui/table";

/**
 * The dashboard's shared primitives, as the server renders them (what a reader without
 * JavaScript sees, and what the browser hydrates against).
 */
describe("DateText", () => {
  const moment = new Date("2026-05-01T10:20:30.000Z");

  it("renders the UTC text on the server, with the instant in datetime", () => {
    expect(renderToStaticMarkup(<DateText value={moment} />)).toBe('<time dateTime="2026-05-01T10:20:30.000Z">2026-05-01</time>');
    expect(renderToStaticMarkup(<DateText value={moment} withTime />)).toContain(">2026-05-01 10:20 UTC</time>");
    expect(renderToStaticMarkup(<DateText value={moment} withTime="seconds" utc />)).toContain(">2026-05-01 10:20:30 UTC</time>");
    // A bare calendar day (an effective date, a review date) is a day, not an instant.
    expect(renderToStaticMarkup(<DateText value="2026-02-28" />)).toBe('<time dateTime="2026-02-28">2026-02-28</time>');
  });

  it("says there is no date rather than inventing one", () => {
    expect(renderToStaticMarkup(<DateText value={null} />)).toBe("<span>—</span>");
    expect(renderToStaticMarkup(<DateText value={undefined} withTime utc empty="never" />)).toBe("<span>never</span>");
  });
});

describe("FileSize", () => {
  it("shows the size for people and the exact bytes on hover", () => {
    expect(renderToStaticMarkup(<FileSize bytes={146_432} />)).toBe('<span title="146432 bytes">143 KB</span>');
    expect(renderToStaticMarkup(<FileSize bytes={1} />)).toBe('<span title="1 bytes">1 byte</span>');
    expect(renderToStaticMarkup(<FileSize bytes={null} />)).toBe("—");
  });
});

describe("Select", () => {
  it("puts the blank choice first and selects the default", () => {
    const html = renderToStaticMarkup(<Select name="status" defaultValue="PLANNED" blank="All" options={optionsOf(["IMPLEMENTED", "PLANNED"] as const, { IMPLEMENTED: "Implemented" })} />);
    expect(html).toMatch(/^<select name="status" class="[^"]+"><option value="">All<\/option><option value="IMPLEMENTED">Implemented<\/option><option value="PLANNED" selected="">PLANNED<\/option><\/select>$/);
  });
});

type Row = { id: string; name: string };
const columns: (Column<Row> | false)[] = [
  { key: "name", header: "Name", cell: (row) => row.name },
  false, // a column this viewer does not get
  { key: "n", header: "#", className: "font-mono", cell: (_row, index) => index + 1 },
];

describe("Table", () => {
  it("renders a header and one row a record, without the columns left out", () => {
    const html = renderToStaticMarkup(<Table columns={columns} rows={[{ id: "a", name: "Alpha" }, { id: "b", name: "<script>alert(1)</script>" }]} rowKey={(r) => r.id} rowTestId={(r) => `row-${r.id}`} empty="Nothing." />);
    expect(html.match(/<th>/g)).toHaveLength(2);
    expect(html).toContain("<th>Name</th>");
    // Cell padding and row borders come from the table's one class, not from every cell.
    expect(html).toContain('<table class="data-table w-full text-left text-sm">');
    expect(html).toContain('data-testid="row-a"');
    expect(html).toContain('<td>Alpha</td><td class="font-mono">1</td>');
    expect(html).toContain('<td class="font-mono">2</td>');
    // Text in a cell is text: markup in a name stays inert.
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("Nothing.");
  });

  it("says so when there are no rows, and has no table then", () => {
    const html = renderToStaticMarkup(<Table columns={columns} rows={[]} rowKey={(r) => r.id} empty="No controls yet." />);
    expect(html).toBe('<p class="mt-4 text-sm text-zinc-500">No controls yet.</p>');
  });

  it("pages: previous and next keep the link builder's parameters; one page just counts", () => {
    const href = (page: number) => `/list?q=mfa&page=${page}`;
    const middle = renderToStaticMarkup(<Table columns={columns} rows={[]} rowKey={(r) => r.id} empty="None." paging={{ page: 2, pageSize: 50, total: 120, href }} />);
    expect(middle).toContain("<span>Page 2 of 3 · 120 items</span>");
    expect(middle).toContain('href="/list?q=mfa&amp;page=1"');
    expect(middle).toContain('href="/list?q=mfa&amp;page=3"');
    const last = renderToStaticMarkup(<Table columns={columns} rows={[]} rowKey={(r) => r.id} empty="None." paging={{ page: 3, pageSize: 50, total: 120, href }} />);
    expect(last).not.toContain("page=4");
    expect(last).toContain('<span class="text-zinc-400">Next →</span>');
    const single = renderToStaticMarkup(<Table columns={columns} rows={[]} rowKey={(r) => r.id} empty="None." paging={{ page: 1, pageSize: 50, total: 1, href }} />);
    expect(single).toContain(">1 item</p>");
  });
});
