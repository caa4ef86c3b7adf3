import { confirmLandingRoute, confirmRoute } from "@/modules/subscribers/server/routes";

type Params = { params: Promise<{ slug: string }> };

/** The confirmation mail's link: a confirm button (GET changes nothing), the confirmation (POST). */
export async function GET(request: Request, { params }: Params) {
  return confirmLandingRoute(request, (await params).slug);
}

export async function POST(request: Request, { params }: Params) {
  return confirmRoute(request, (await params).slug);
}
