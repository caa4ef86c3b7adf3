import { accessPage, submitAccessPage } from "@/modules/access/server/request-routes";

type Params = { params: Promise<{ slug: string }> };

/** The prospect's access page: the request form (GET) and the request (POST). Never cached. */
export async function GET(request: Request, { params }: Params) {
  return accessPage(request, (await params).slug);
}

export async function POST(request: Request, { params }: Params) {
  return submitAccessPage(request, (await params).slug);
}
