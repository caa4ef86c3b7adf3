import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";

const TONES = {
  neutral: "bg-zinc-100 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-100",
  good: "bg-green-100 text-green-800 dark:bg-green-900 dark:text-green-100",
  warn: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  bad: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100",
} as const;

/** A small label in a table cell (a status, an email-domain class). */
export function Pill({ tone = "neutral", children }: { tone?: keyof typeof TONES; children: ReactNode }) {
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${TONES[tone]}`}>{children}</span>;
}

const SECTIONS = [
  { key: "requests", path: "", label: "Requests" },
  { key: "grants", path: "/grants", label: "Grants" },
  { key: "downloads", path: "/downloads", label: "Download log" },
  { key: "settings", path: "/settings", label: "Rules & NDA" },
] as const;

/** The Access area's heading and its four pages. */
export function AccessHeader({ slug, current, children }: { slug: string; current: (typeof SECTIONS)[number]["key"]; children?: ReactNode }) {
  const base = `/dashboard/${slug}/access`;
  return (
    <div className="space-y-3">
      <div>
        <h2 className="text-lg font-semibold">Access</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Prospects ask for your NDA documents on your trust center; your rules decide or send them here for review. Every decision is recorded in the audit log.
        </p>
      </div>
      <nav aria-label="Access" className="flex flex-wrap gap-4 border-b border-zinc-200 text-sm dark:border-zinc-800">
        {SECTIONS.map((section) => (
          <Link
            key={section.key}
            href={`${base}${section.path}`}
            aria-current={section.key === current ? "page" : undefined}
            className={`-mb-px border-b-2 pb-2 no-underline ${section.key === current ? "border-zinc-900 font-semibold dark:border-zinc-100" : "border-transparent text-zinc-600 dark:text-zinc-400"}`}
          >
            {section.label}
          </Link>
        ))}
      </nav>
      {children}
    </div>
  );
}
