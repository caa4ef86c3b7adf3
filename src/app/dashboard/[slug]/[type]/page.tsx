import { notFound } from "next/navigation";
import { ContentListScreen } from "@/components/content/content-screens";
import { isKind, KINDS } from "@/modules/content/kinds";
import { listItems, listQuerySchema } from "@/modules/content/server/crud";
import { gatePage } from "@/server/gate-page";

type Props = { params: Promise<{ slug: string; type: string }>; searchParams: Promise<Record<string, string | undefined>> };

export async function generateMetadata({ params }: Props) {
  const { type } = await params;
  return { title: isKind(type) ? KINDS[type].plural : "Not found" };
}

/** The list page of a simple content type (frameworks, subprocessors, FAQs, updates, sections). */
export default async function ContentListPage({ params, searchParams }: Props) {
  const { slug, type } = await params;
  if (!isKind(type)) notFound();
  const ctx = await gatePage({ slug, action: "org.read" });
  const raw = await searchParams;
  const query = listQuerySchema.parse(raw);
  const list = await listItems({ ctx, kind: type, query });
  return <ContentListScreen slug={slug} role={ctx.role} kind={type} query={query} list={list} flash={{ created: Boolean(raw.created), deleted: Boolean(raw.deleted) }} />;
}
