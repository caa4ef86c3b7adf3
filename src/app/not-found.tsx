import { Link } from "@/components/ui/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-24 text-center">
      <p className="text-sm font-semibold uppercase tracking-widest text-zinc-500">404</p>
      <h1 className="mt-2 text-3xl font-semibold">Nothing here</h1>
      <p className="mt-4 text-zinc-600 dark:text-zinc-400">This page does not exist, or it is not yours to see.</p>
      <p className="mt-8">
        <Link href="/">Go to the start page</Link>
      </p>
    </main>
  );
}
