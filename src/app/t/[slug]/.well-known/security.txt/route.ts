import { securityTxt } from "@/modules/publishing/server/surfaces";

/** RFC 9116 security.txt, from the published disclosure policy. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return securityTxt(request, (await params).slug);
}
