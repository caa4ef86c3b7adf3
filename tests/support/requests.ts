import { NextRequest } from "next/server";
import { FRONT_HEADERS, frontSecret } from "@/server/request";

/**
 * What the front server (src/server/front.ts) adds to a request from `ip`: route handlers
 * called directly in tests get the client's address the way production hands it to them.
 */
export function fromClient(ip: string, proto: "http" | "https" = "http"): Record<string, string> {
  return { [FRONT_HEADERS.secret]: frontSecret(true)!, [FRONT_HEADERS.ip]: ip, [FRONT_HEADERS.proto]: proto };
}

/** A request as a browser on the app's origin would send it (APP_URL in vitest.config.mts). */
export function formPost(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return new NextRequest(new URL(path, "http://localhost:3000"), {
    method: "POST",
    headers: { origin: "http://localhost:3000", "content-type": "application/x-www-form-urlencoded", ...fromClient("203.0.113.7"), ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export function jsonPost(path: string, body: unknown, headers: Record<string, string> = {}) {
  return new NextRequest(new URL(path, "http://localhost:3000"), {
    method: "POST",
    headers: { origin: "http://localhost:3000", "content-type": "application/json", ...fromClient("203.0.113.7"), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export function client(ip = "203.0.113.7", cookie = "") {
  return { headers: new Headers(cookie ? { cookie } : {}), ip, userAgent: "vitest" };
}
