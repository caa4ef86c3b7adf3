import { NextRequest } from "next/server";

/** A request as a browser on the app's origin would send it (APP_URL in vitest.config.mts). */
export function formPost(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return new NextRequest(new URL(path, "http://localhost:3000"), {
    method: "POST",
    headers: { origin: "http://localhost:3000", "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "203.0.113.7", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export function jsonPost(path: string, body: unknown, headers: Record<string, string> = {}) {
  return new NextRequest(new URL(path, "http://localhost:3000"), {
    method: "POST",
    headers: { origin: "http://localhost:3000", "content-type": "application/json", "x-forwarded-for": "203.0.113.7", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export function client(ip = "203.0.113.7", cookie = "") {
  return { headers: new Headers(cookie ? { cookie } : {}), ip, userAgent: "vitest" };
}
