import { documentDownloadHeaders } from "@/modules/documents/server/download";
import { readDocumentVersion } from "@/modules/documents/server/documents";
import { apiOperation, methodNotAllowed, notFoundUnlessSeq, notFoundUnlessUuid } from "@/server/gate-api";

export const dynamic = "force-dynamic";

/**
 * GET /api/v1/documents/{id}/versions/{number}/file: the bytes, checked against the SHA-256
 * recorded at upload (a mismatch is a 500 with an event id, never served), with the dashboard's
 * download headers (recorded type, attachment, nosniff, sandbox CSP, private no-store).
 */
export const GET = apiOperation<{ id: string; number: string }>({ scope: "posture:read", action: "org.read" }, async ({ ctx, params }) => {
  const file = await readDocumentVersion({ ctx, id: notFoundUnlessUuid(params.id), number: notFoundUnlessSeq(params.number) });
  return new Response(new Uint8Array(file.bytes), { headers: { ...documentDownloadHeaders(file), "x-content-sha256": file.sha256 } as HeadersInit });
});

export const OPTIONS = methodNotAllowed;
