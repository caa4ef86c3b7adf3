import { Link } from "@/components/ui/link";
import { buttonClass } from "@/components/ui/button";
import { currentUser } from "@/modules/auth/server/sessions";

export default async function HomePage() {
  const user = await currentUser();
  return (
    <main className="mx-auto max-w-3xl px-4 py-24">
      <p className="text-sm font-bold tracking-widest">CANDOR</p>
      <h1 className="mt-6 text-4xl font-semibold tracking-tight">A trust center that proves what it says.</h1>
      <p className="mt-6 text-lg text-zinc-600 dark:text-zinc-400">
        Publish your controls, evidence, certifications, subprocessors and disclosure policy, honestly: statuses as they are,
        evidence a reviewer can check, and every published version signed and kept.
      </p>
      <div className="mt-10 flex flex-wrap gap-4">
        <Link href={user ? "/dashboard" : "/login"} className={buttonClass()}>
          {user ? "Open your dashboard" : "Sign in or create an account"}
        </Link>
        <Link href="/t/demo" className={buttonClass("secondary")}>
          See the demo trust center
        </Link>
      </div>
    </main>
  );
}
