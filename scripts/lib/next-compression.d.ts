// Next's bundled copies of the `compression` middleware and its stream release (scripts/lib/compress.ts).
declare module "next/dist/compiled/compression" {
  import type { IncomingMessage, ServerResponse } from "node:http";
  export default function compression(options?: { level?: number; threshold?: number | string }): (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
}
