import { openLinkPage, redeemLink } from "@/modules/access/server/link-routes";

type Params = { params: Promise<{ slug: string }> };

/** The access link: a button (GET); the POST makes the grantee session on this host and goes to the trust page. */
export async function GET(request: Request, { params }: Params) {
  return openLinkPage(request, (await params).slug);
}

export async function POST(request: Request, { params }: Params) {
  return redeemLink(request, (await params).slug);
}
