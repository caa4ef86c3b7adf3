import { isIP } from "node:net";

/**
 * What the organisation's `ipRecording` setting keeps of a requester's or grantee's IP address:
 * all of it, its network only (IPv4 /24, IPv6 /48, the last part zeroed), or nothing.
 */
export type IpRecordingMode = "FULL" | "TRUNCATED" | "NONE";

export function recordedIp(ip: string | null | undefined, mode: IpRecordingMode): string | null {
  if (!ip || mode === "NONE") return null;
  const kind = isIP(ip);
  if (kind === 0) return null;
  if (mode === "FULL") return ip;
  if (kind === 4) return ip.split(".").slice(0, 3).concat("0").join(".");
  const mapped = /^::ffff:(\d+\.\d+\.\d+)\.\d+$/i.exec(ip);
  if (mapped) return `::ffff:${mapped[1]}.0`;
  const [head] = ip.split("::");
  const groups = (head ?? "").split(":").filter(Boolean);
  const full = ip.includes("::") ? [...groups, ...Array(8 - groups.length).fill("0")] : ip.split(":");
  return `${full.slice(0, 3).join(":")}::`;
}

/** A visitor's address (as the organisation's setting keeps it) and browser, as every public record stores them. */
export function visitorEvidence(request: { ip: string | null; userAgent: string | null }, mode: IpRecordingMode) {
  return { ipAddress: recordedIp(request.ip, mode), userAgent: request.userAgent?.slice(0, 500) ?? null };
}
