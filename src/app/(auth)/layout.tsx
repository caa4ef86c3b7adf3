import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center px-4 py-16">
      <Link href="/" className="mb-8 text-sm font-bold tracking-widest text-zinc-900 no-underline dark:text-zinc-100">
        CANDOR
      </Link>
      <main className="w-full max-w-md">{children}</main>
    </div>
  );
}
