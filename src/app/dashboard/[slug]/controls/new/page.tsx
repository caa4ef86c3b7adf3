import type { Metadata } from "next";
import { Link } from "@/components/ui/link";
import { Card } from "@/components/ui/card";
import { saveControlAction } from "@/modules/controls/actions";
import { ControlForm } from "@/modules/controls/components/control-form";
import { controlSummary, listMemberEmails } from "@/modules/controls/server/controls";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "New control" };

export default async function NewControlPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ area?: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "controls.write" });
  const [summary, members] = await Promise.all([controlSummary({ ctx }), listMemberEmails({ ctx })]);
  const { area } = await searchParams;
  return (
    <Card className="max-w-3xl">
      <p className="text-sm">
        <Link href={`/dashboard/${slug}/controls`}>← Controls</Link>
      </p>
      <h2 className="mt-2 text-lg font-semibold">New control</h2>
      <div className="mt-4">
        <ControlForm action={saveControlAction.bind(null, slug, null)} values={{ area: area ?? summary.areas[0]?.name ?? "" }} areas={summary.areas.map((d) => d.name)} members={members} canEdit />
      </div>
    </Card>
  );
}
