import { feed } from "@/modules/publishing/server/surfaces";

/** Atom feed of updates and publications. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return feed(request, (await params).slug);
}
