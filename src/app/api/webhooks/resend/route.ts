import { NextResponse } from "next/server";
import { readWebhookBody, recordSuppressions, verifyResendWebhook, WebhookBodyTooLarge } from "@/modules/subscribers/server/suppression";
import { env } from "@/server/env";
import { errorResponse } from "@/server/http";

/**
 * Resend's bounce and complaint webhook (issue 13). No session and no origin: the signature is
 * the authentication (401 and nothing recorded when it does not verify).
 */
export async function POST(request: Request) {
  try {
    const body = await readWebhookBody(request);
    const event = verifyResendWebhook(body, request.headers, env().RESEND_WEBHOOK_SECRET);
    const suppressed = await recordSuppressions(event, request.headers.get("svix-id") ?? request.headers.get("webhook-id"));
    return NextResponse.json({ ok: true, suppressed }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof WebhookBodyTooLarge) return NextResponse.json({ error: "too_large", message: "The webhook body is too large." }, { status: 413 });
    return errorResponse(error);
  }
}
