import { objectionPage, submitObjectionPage } from "@/modules/notices/server/routes";

type Params = { params: Promise<{ slug: string }> };

/** An objection to an upcoming subprocessor change (ADR 031): the form (GET), the objection (POST). Never cached. */
export async function GET(request: Request, { params }: Params) {
  return objectionPage(request, (await params).slug);
}

export async function POST(request: Request, { params }: Params) {
  return submitObjectionPage(request, (await params).slug);
}
