import { NextResponse, type NextRequest } from "next/server";
import { changeMemberRole, removeMember } from "@/modules/members/server/members";
import { gate } from "@/server/gate";
import { errorResponse, readBody } from "@/server/http";
import { assertSameOrigin } from "@/server/request";

type Params = { params: Promise<{ slug: string; memberId: string }> };

/** Change a member's role: `{ "role": "EDITOR" }`. 409 for the last owner. */
export async function PATCH(request: NextRequest, { params }: Params) {
  try {
    assertSameOrigin(request.headers);
    const { slug, memberId } = await params;
    const ctx = await gate({ slug, action: "members.role.change", recent: true });
    const { fields } = await readBody(request);
    return NextResponse.json(await changeMemberRole({ ctx, input: { role: fields.role, memberId } }));
  } catch (error) {
    return errorResponse(error);
  }
}

/** Remove a member. 409 for the last owner. */
export async function DELETE(request: NextRequest, { params }: Params) {
  try {
    assertSameOrigin(request.headers);
    const { slug, memberId } = await params;
    const ctx = await gate({ slug, action: "members.remove", recent: true });
    return NextResponse.json(await removeMember({ ctx, input: { memberId } }));
  } catch (error) {
    return errorResponse(error);
  }
}
