/**
 * A request body read no further than `maxBytes`: refused by its declared Content-Length before
 * any byte is read, and by the bytes actually received (the stream is cancelled at the limit).
 * Null when it is too large; each caller answers that its own way (a 413 page, problem+json, a
 * JSON-RPC error). Every route that reads a body itself goes through this one reader.
 */
export async function readBodyUpTo(request: Request, maxBytes: number): Promise<Buffer<ArrayBuffer> | null> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (let next = await reader?.read(); next && !next.done; next = await reader!.read()) {
    size += next.value.byteLength;
    if (size > maxBytes) {
      await reader!.cancel();
      return null;
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks);
}
