import { Link } from "@/components/ui/link";
import { EDITS_SHOWN_UP_TO, type Unpublished } from "../unpublished";

/**
 * The shell's word on unpublished changes, on every dashboard page of an organisation: a compact
 * link to the publish page with the number of edits since the last publication (the exact diff is
 * there). Nothing when everything edited is published.
 */
export function UnpublishedIndicator({ slug, unpublished }: { slug: string; unpublished: Unpublished }) {
  if (unpublished.state === "published" && unpublished.edits === 0) return null;
  const text =
    unpublished.state === "never"
      ? "Not published yet"
      : unpublished.state === "offline"
        ? "Offline: not published"
        : `${unpublished.edits >= EDITS_SHOWN_UP_TO ? `${EDITS_SHOWN_UP_TO}+` : unpublished.edits} unpublished ${unpublished.edits === 1 ? "change" : "changes"}`;
  return (
    <Link
      href={`/dashboard/${slug}/publish`}
      data-testid="unpublished-indicator"
      title={unpublished.state === "published" ? `Edits since publication #${unpublished.seq}; the publish page shows what they change` : "The publish page shows what publishing would show"}
      className="inline-flex items-center gap-2 rounded-full border border-amber-300 bg-amber-50 px-3 py-1 text-sm font-medium text-amber-900 no-underline hover:underline dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <span aria-hidden="true" className="h-2 w-2 rounded-full bg-amber-500" />
      {text} · Review and publish →
    </Link>
  );
}
