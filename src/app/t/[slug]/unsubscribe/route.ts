import { unsubscribeLandingRoute, unsubscribeRoute } from "@/modules/subscribers/server/routes";

type Params = { params: Promise<{ slug: string }> };

/** Unsubscribe by signed link (?s=): a one-button page (GET); the unsubscription (POST, also RFC 8058 one-click). */
export async function GET(request: Request, { params }: Params) {
  return unsubscribeLandingRoute(request, (await params).slug);
}

export async function POST(request: Request, { params }: Params) {
  return unsubscribeRoute(request, (await params).slug);
}
