import type { ReactNode, SelectHTMLAttributes } from "react";

export type Option = { value: string; label: ReactNode };

const sizes = {
  /** A form field: the width of its column. */
  field: "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-900",
  /** A filter bar or a row of a table: as wide as its text. */
  compact: "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900",
} as const;

/** The class of a text or date input that sits beside a compact Select in a filter bar. */
export const compactInputClass = sizes.compact;

/** Options from a closed list of values and their labels (a value without a label shows itself). */
export function optionsOf<V extends string>(values: readonly V[], labels?: Partial<Record<V, ReactNode>>): Option[] {
  return values.map((value) => ({ value, label: labels?.[value] ?? value }));
}

/** A native select (it works without JavaScript); `blank` adds a first option whose value is "". */
export function Select({
  options,
  blank,
  size = "field",
  className = "",
  ...props
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, "size" | "children"> & { options: readonly Option[]; blank?: string; size?: keyof typeof sizes }) {
  return (
    <select {...props} className={`${sizes[size]} ${className}`.trim()}>
      {blank === undefined ? null : <option value="">{blank}</option>}
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

/** A labelled control of a GET filter bar (search, status, …). */
export function FilterField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="space-y-1">
      <span className="block font-medium">{label}</span>
      {children}
    </label>
  );
}
