import { acceptNdaPage } from "@/modules/access/server/grantee-page";

/** A grantee accepts the NDA version they owe (a new one that asks existing grantees to). */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return acceptNdaPage(request, (await params).slug);
}
