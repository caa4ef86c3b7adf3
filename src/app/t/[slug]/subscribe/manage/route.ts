import { manageRoute, savePreferencesRoute } from "@/modules/subscribers/server/routes";

type Params = { params: Promise<{ slug: string }> };

/** A subscriber's topics by signed link (?s=): shown (GET), saved (POST). */
export async function GET(request: Request, { params }: Params) {
  return manageRoute(request, (await params).slug);
}

export async function POST(request: Request, { params }: Params) {
  return savePreferencesRoute(request, (await params).slug);
}
