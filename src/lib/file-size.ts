const UNITS = ["KB", "MB", "GB"] as const;
/** One decimal below 10 ("1.4 KB"), whole numbers above ("143 KB"); "1.0" reads as "1". */
const rounded = (value: number) => (value < 10 ? Math.round(value * 10) / 10 : Math.round(value));

/**
 * A file size for people, the one formatter for the dashboard and the public page: under 1 KB
 * in bytes ("142 bytes", never "1 KB"), then KB, MB, GB in powers of 1024 (as the upload limit
 * is stated). A value that rounds up to 1024 of a unit is shown in the next one ("1 MB", not
 * "1024 KB"). Deterministic: no locale, so server and browser print the same text.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "unknown size";
  const whole = Math.round(bytes);
  if (whole < 1024) return `${whole} ${whole === 1 ? "byte" : "bytes"}`;
  let value = whole / 1024;
  let unit = 0;
  while (rounded(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${rounded(value)} ${UNITS[unit]}`;
}
