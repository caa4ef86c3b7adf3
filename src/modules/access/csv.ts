/**
 * CSV (RFC 4180) for the download log export. Every cell is quoted; a cell a spreadsheet would
 * read as a formula (=, +, -, @, tab, CR first) is prefixed with an apostrophe (OWASP "CSV
 * injection"), since names and titles come from prospects and members.
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
