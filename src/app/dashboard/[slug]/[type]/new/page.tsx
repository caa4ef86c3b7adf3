import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { ContentForm } from "@/components/content/content-form";
import { Card } from "@/components/ui/card";
import { saveItemAction } from "@/modules/content/actions";
import { isKind, KINDS } from "@/modules/content/kinds";
import { parentChoices } from "@/modules/content/server/subprocessor-parent";
import { gatePage } from "@/server/gate-page";

export default async function NewContentPage({ params }: { params: Promise<{ slug: string; type: string }> }) {
  const { slug, type } = await params;
  if (!isKind(type)) notFound();
  const ctx = await gatePage({ slug, action: "controls.write" });
  const choices = type === "subprocessors" ? { parent: await parentChoices({ ctx }) } : undefined;
  const spec = KINDS[type];
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Card className="max-w-3xl">
      <p className="text-sm">
        <Link href={`/dashboard/${slug}/${type}`}>← {spec.plural}</Link>
      </p>
      <h2 className="mt-2 text-lg font-semibold">New {spec.singular}</h2>
      <div className="mt-4">
        <ContentForm kind={type} action={saveItemAction.bind(null, slug, type, null)} values={type === "updates" ? { publishedAt: today } : {}} choices={choices} canEdit />
      </div>
    </Card>
  );
}
