import Link from "next/link";

/** Previous/next links that keep the other URL parameters. */
export function Pagination({ page, pageSize, total, href }: { page: number; pageSize: number; total: number; href: (page: number) => string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages === 1) return <p className="text-sm text-zinc-500">{total} {total === 1 ? "item" : "items"}</p>;
  return (
    <nav aria-label="Pages" className="flex items-center gap-4 text-sm">
      {page > 1 ? <Link href={href(page - 1)}>← Previous</Link> : <span className="text-zinc-400">← Previous</span>}
      <span>
        Page {page} of {pages} · {total} items
      </span>
      {page < pages ? <Link href={href(page + 1)}>Next →</Link> : <span className="text-zinc-400">Next →</span>}
    </nav>
  );
}
