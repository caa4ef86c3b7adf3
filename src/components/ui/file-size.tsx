import { formatBytes } from "@/lib/file-size";

/** A file size for people ("143 KB"), with the exact count of bytes on hover. */
export function FileSize({ bytes }: { bytes: number | null | undefined }) {
  if (bytes === null || bytes === undefined) return <>—</>;
  return <span title={`${bytes} bytes`}>{formatBytes(bytes)}</span>;
}
