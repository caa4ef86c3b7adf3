import { granteeTrustPage } from "@/modules/access/server/grantee-page";
import { trustPage } from "@/modules/publishing/server/surfaces";

/**
 * The public trust center (from the latest publication; cached by its hash). A request with a
 * valid grantee session for this host gets the grantee's own page instead (private, no-store).
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (await granteeTrustPage(request, slug)) ?? trustPage(request, slug);
}
