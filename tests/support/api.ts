import { NextRequest } from "next/server";
import { createApiKey } from "@/modules/apikeys/server/keys";
import type { OrgContext } from "@/server/gate";
import { fromClient } from "./requests";

/** A key made by the real domain function (as the dashboard does), returned once with its secret. */
export async function keyFor(ctx: OrgContext, scopes: string[] = ["posture:read", "posture:write"], extra: Record<string, unknown> = {}) {
  return createApiKey({ ctx, input: { name: `Key ${scopes.join(" ")}`, scopes, ...extra } });
}

/** A request to /api/v1 as a script sends it: bearer key, JSON, from a client address. */
export function apiRequest(path: string, init: { method?: string; key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...fromClient("198.51.100.20"), ...(init.key ? { authorization: `Bearer ${init.key}` } : {}), ...init.headers };
  if (init.body !== undefined && !headers["content-type"]) headers["content-type"] = "application/json";
  return new NextRequest(new URL(path, "http://localhost:3000"), {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
}

export const params = <P>(value: P) => ({ params: Promise.resolve(value) });
