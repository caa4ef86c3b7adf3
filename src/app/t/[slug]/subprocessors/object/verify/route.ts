import { confirmObjection, objectionVerifyPage } from "@/modules/notices/server/routes";

type Params = { params: Promise<{ slug: string }> };

/** The objection mail's link: a confirm button (GET), the confirmation (POST). */
export async function GET(request: Request, { params }: Params) {
  return objectionVerifyPage(request, (await params).slug);
}

export async function POST(request: Request, { params }: Params) {
  return confirmObjection(request, (await params).slug);
}
