import { subscribeFormRoute, subscribeRoute } from "@/modules/subscribers/server/routes";

type Params = { params: Promise<{ slug: string }> };

/** "Subscribe to updates": the form (GET) and the subscription (POST, double opt-in). Never cached. */
export async function GET(request: Request, { params }: Params) {
  return subscribeFormRoute(request, (await params).slug);
}

export async function POST(request: Request, { params }: Params) {
  return subscribeRoute(request, (await params).slug);
}
