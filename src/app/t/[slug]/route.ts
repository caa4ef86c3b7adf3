import { trustPage } from "@/modules/publishing/server/surfaces";

/** The public trust center (from the latest publication; cached by its hash). */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return trustPage(request, (await params).slug);
}
