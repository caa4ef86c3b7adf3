/**
 * Before/after of a change, field by field, for the audit trail. Fields that hold secrets or
 * bulk data are never copied in: they appear as "[changed]".
 */
const WITHHELD = new Set(["logoData", "tokenHash", "codeHash", "secretSealed", "sessionToken", "payload", "password"]);

export type Diff = Record<string, { from: unknown; to: unknown }>;

const comparable = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

export function diffOf(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Diff {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const diff: Diff = {};
  for (const key of [...keys].sort()) {
    const from = comparable(before?.[key] ?? null);
    const to = comparable(after?.[key] ?? null);
    const same = JSON.stringify(from) === JSON.stringify(to);
    if (same) continue;
    diff[key] = WITHHELD.has(key) ? { from: from === null ? null : "[withheld]", to: to === null ? null : "[changed]" } : { from, to };
  }
  return diff;
}
