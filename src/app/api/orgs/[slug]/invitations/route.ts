import { NextResponse, type NextRequest } from "next/server";
import { inviteMember } from "@/modules/members/server/invitations";
import { gate } from "@/server/gate";
import { errorResponse, readBody } from "@/server/http";
import { assertSameOrigin } from "@/server/request";

/** Invite someone: `{ "email": "…", "role": "EDITOR" }` → 201. */
export async function POST(request: NextRequest, { params }: { params: Promise<{ slug: string }> }) {
  try {
    assertSameOrigin(request.headers);
    const { slug } = await params;
    const ctx = await gate({ slug, action: "members.invite" });
    const { fields } = await readBody(request);
    await inviteMember({ ctx, input: { email: fields.email, role: fields.role } });
    return NextResponse.json({ status: "invited" }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
