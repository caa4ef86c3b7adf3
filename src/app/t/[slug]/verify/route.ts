import { verifyPage } from "@/modules/publishing/server/surfaces";

/** How to verify the publications offline. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return verifyPage(request, (await params).slug);
}
