import { granteeTrustPage } from "@/modules/access/server/grantee-page";
import { trustPage } from "@/modules/publishing/server/surfaces";
import { log } from "@/server/log";

/**
 * The public trust center (from the latest publication; cached by its hash). A request with a
 * valid grantee session for this host gets the grantee's own page instead (private, no-store).
 * When the session cannot be checked (the database is down), the visitor gets the public page,
 * which is served from memory during an outage: less than they are granted, never a 500.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const granted = await granteeTrustPage(request, slug).catch((error: unknown) => {
    log.warn({ err: error, slug }, "grantee session could not be checked; serving the public page");
    return null;
  });
  return granted ?? trustPage(request, slug);
}
