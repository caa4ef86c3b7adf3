import { asset } from "@/modules/publishing/server/surfaces";

/** A published asset (the logo), content-addressed and immutable. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string; sha256: string }> }) {
  const { slug, sha256 } = await params;
  return asset(request, slug, sha256);
}
