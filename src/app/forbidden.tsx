import { Link } from "@/components/ui/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-xl px-4 py-24 text-center">
      <p className="text-sm font-semibold uppercase tracking-widest text-zinc-500">403</p>
      <h1 className="mt-2 text-3xl font-semibold">Not with your role</h1>
      <p className="mt-4 text-zinc-600 dark:text-zinc-400">Your role in this organisation does not allow this page. Ask an owner or admin.</p>
      <p className="mt-8">
        <Link href="/dashboard">Back to your dashboard</Link>
      </p>
    </main>
  );
}
