import pino from "pino";
import { bootSettings } from "./env";

/**
 * JSON log lines with ISO-8601 UTC timestamps. Secrets never go in: tokens, codes, cookies and
 * authorization headers are redacted wherever they appear under these keys.
 */
export const log = pino({
  level: bootSettings().logLevel,
  base: { service: "candor" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: {
    paths: ["token", "code", "url", "cookie", "authorization", "*.token", "*.code", "*.url", "*.cookie", "*.authorization", "headers.cookie", "headers.authorization"],
    censor: "[redacted]",
  },
});
