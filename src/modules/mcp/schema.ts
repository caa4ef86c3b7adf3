import * as z from "zod";
import { CONTROL_STATUSES, FRAMEWORK_STATUSES, SUBPROCESSOR_STATUSES } from "@/modules/content/schema";

/**
 * The MCP server's inputs and limits (ADR 036): a read-only Model Context Protocol endpoint at
 * /mcp on every tenant host, answering from the live publication only. Client-safe.
 */

/** A JSON-RPC request is a few hundred bytes; 64 KiB leaves room for a batch and nothing more. */
export const MCP_MAX_BODY_BYTES = 64 * 1024;

/**
 * Per client address, across every tenant (rate-limiter-flexible on Postgres). An assistant's
 * session is an initialize, a notification, a tools/list and a handful of calls: 120 a minute
 * serves a questionnaire being filled briskly, and stops a scraper hammering every host.
 */
export const MCP_RATE_LIMIT = { points: 120, windowSeconds: 60 } as const;

/** The most rows a tool returns at once; the answer says how many matched in all. */
export const MCP_MAX_RESULTS = 200;

/** Free text to search for: every word must appear (case-insensitive) somewhere in the item. */
const query = z.string().trim().max(200).optional().describe("Words to look for (all must appear, case-insensitive). Omit to list everything.");
const limit = z.number().int().min(1).max(MCP_MAX_RESULTS).optional().describe(`How many to return (1–${MCP_MAX_RESULTS}, default 50).`);

export const searchControlsInput = {
  query,
  area: z.string().trim().max(200).optional().describe("Only controls in this area (exact name, case-insensitive), e.g. \"Encryption\"."),
  status: z.enum(CONTROL_STATUSES).optional().describe("Only controls with this status."),
  limit,
};
export const listCertificationsInput = { query, status: z.enum(FRAMEWORK_STATUSES).optional().describe("Only certifications and frameworks with this status.") };
export const listSubprocessorsInput = { query, status: z.enum(SUBPROCESSOR_STATUSES).optional().describe("Only subprocessors with this status.") };
export const listDocumentsInput = { query };
export const searchFaqsInput = { query, limit };

/** The JSON-RPC error codes this server uses beyond the specification's own (-32700 … -32603). */
export const MCP_ERROR = {
  /** The transport's own: too large, wrong method, not acceptable (the SDK uses -32000 for these). */
  transport: -32000,
  /** No trust center at this address, or not published, or taken offline. */
  notPublished: -32004,
  /** Too many requests from this address. */
  rateLimited: -32029,
  /** Something failed on our side; try again. */
  unavailable: -32603,
} as const;
