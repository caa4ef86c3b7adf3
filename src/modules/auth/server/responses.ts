import "server-only";

import { NextResponse } from "next/server";
import { env } from "@/server/env";

/** 303 to a path on the app host, with query parameters. */
export function seeOther(path: string, params: Record<string, string | undefined> = {}) {
  const url = new URL(path, env().APP_URL);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return NextResponse.redirect(url, 303);
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

/**
 * The answer to a browser form post over a rate limit: a real 429 with Retry-After, and a page
 * a person can read (no script).
 */
export function tooManyRequestsPage(message: string, retryAfterSeconds: number, back: string) {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Too many attempts · Candor</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5">
<h1 style="font-size:1.5rem">Too many attempts</h1>
<p>${escapeHtml(message)}</p>
<p>You can try again in about ${minutes} minute${minutes === 1 ? "" : "s"}.</p>
<p><a href="${escapeHtml(back)}">Back</a></p>
</body></html>`;
  return new NextResponse(html, {
    status: 429,
    headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": String(retryAfterSeconds), "Cache-Control": "no-store" },
  });
}
