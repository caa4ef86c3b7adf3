import { changelog } from "@/modules/publishing/server/surfaces";

/** Every publication, with what changed. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return changelog(request, (await params).slug);
}
