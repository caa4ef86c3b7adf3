import { confirmVerification, verifyPage } from "@/modules/access/server/request-routes";

type Params = { params: Promise<{ slug: string }> };

/** The verification mail's link: a confirm button (GET), the confirmation (POST). */
export async function GET(request: Request, { params }: Params) {
  return verifyPage(request, (await params).slug);
}

export async function POST(request: Request, { params }: Params) {
  return confirmVerification(request, (await params).slug);
}
