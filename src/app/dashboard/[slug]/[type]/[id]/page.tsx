import { notFound } from "next/navigation";
import { ContentItemScreen } from "@/components/content/content-screens";
import { isKind } from "@/modules/content/kinds";
import { getItem, toInput } from "@/modules/content/server/crud";
import { parentChoices } from "@/modules/content/server/subprocessor-parent";
import { gatePage } from "@/server/gate-page";
import { orNotFound } from "@/server/page-errors";

export default async function EditContentPage({ params }: { params: Promise<{ slug: string; type: string; id: string }> }) {
  const { slug, type, id } = await params;
  if (!isKind(type)) notFound();
  const ctx = await gatePage({ slug, action: "org.read" });
  const item = await orNotFound(getItem({ ctx, kind: type, id }));
  const choices = type === "subprocessors" ? { parent: await parentChoices({ ctx, selfId: item.id }) } : undefined;
  return <ContentItemScreen slug={slug} role={ctx.role} kind={type} item={item} values={toInput(type, item)} choices={choices} />;
}
