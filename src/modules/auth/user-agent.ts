import { UAParser } from "ua-parser-js";

/** A short, human description of a User-Agent string ("Chrome on Linux"). */
export function describeUserAgent(ua: string | null): string {
  if (!ua) return "Unknown device";
  const { browser, os } = UAParser(ua);
  const name = browser.name ?? "Unknown browser";
  return os.name ? `${name} on ${os.name}` : name;
}
