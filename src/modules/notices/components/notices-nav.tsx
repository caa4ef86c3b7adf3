import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";

/** The header shared by the changes list and the objection register, with the way back to the subprocessors. */
export function NoticesHeader({ slug, current, children }: { slug: string; current: "changes" | "objections"; children: ReactNode }) {
  const base = `/dashboard/${slug}/subprocessors`;
  const tab = (key: "changes" | "objections", label: string) => (
    <Link
      href={`${base}/${key}`}
      aria-current={key === current ? "page" : undefined}
      className={`rounded-md px-3 py-1.5 no-underline ${key === current ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "border border-zinc-300 dark:border-zinc-700"}`}
    >
      {label}
    </Link>
  );
  return (
    <div className="space-y-4">
      <header className="space-y-2">
        <p className="text-sm">
          <Link href={base}>← Subprocessors</Link>
        </p>
        <h2 className="text-xl font-semibold">{current === "changes" ? "Subprocessor changes" : "Objections"}</h2>
        <nav aria-label="Subprocessor notices" className="flex flex-wrap gap-2 text-sm">
          {tab("changes", "Changes and notices")}
          {tab("objections", "Objection register")}
        </nav>
      </header>
      {children}
    </div>
  );
}

export function Pill({ children, tone = "neutral" }: { children: ReactNode; tone?: "neutral" | "warn" }) {
  const colours = tone === "warn" ? "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100" : "bg-zinc-100 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-100";
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${colours}`}>{children}</span>;
}
