import { signOut } from "@/modules/access/server/link-routes";

/** A grantee signs out: the session ends, the cookie is cleared, back to the trust page. */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return signOut(request, (await params).slug);
}
