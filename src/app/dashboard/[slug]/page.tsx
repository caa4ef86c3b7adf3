import Link from "next/link";
import { Card } from "@/components/ui/card";
import { ROLE_LABELS } from "@/modules/access/permissions";
import { gatePage } from "@/server/gate-page";

export default async function OrganizationHome({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Card>
        <h2 className="text-lg font-semibold">Your trust center</h2>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Public address: <Link href={`/t/${slug}`} className="font-mono">/t/{slug}</Link>
        </p>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Nothing is published yet. Write the overview and security contact in settings; controls, certifications and
          publishing come next.
        </p>
      </Card>
      <Card>
        <h2 className="text-lg font-semibold">You</h2>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Signed in as {ctx.user.email}, {ROLE_LABELS[ctx.role]} of {ctx.org.name}.
        </p>
      </Card>
    </div>
  );
}
