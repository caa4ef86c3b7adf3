import { newLinkForm, sendNewLink } from "@/modules/access/server/link-routes";

type Params = { params: Promise<{ slug: string }> };

/** "Email me a new link": the form (GET) and the same answer for every address (POST). */
export async function GET(request: Request, { params }: Params) {
  return newLinkForm(request, (await params).slug);
}

export async function POST(request: Request, { params }: Params) {
  return sendNewLink(request, (await params).slug);
}
