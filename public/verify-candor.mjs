#!/usr/bin/env node
// Verifies a Candor trust center's publication chain with nothing but Node.js (18+).
//   node verify-candor.mjs https://trust.example.com/t/acme
// For each publication 1 … N: the hash is the SHA-256 of the canonical bytes, the canonical bytes
// are the RFC 8785 form of the document, the Ed25519 signature verifies under the published key,
// and the publication names the previous one's hash. Exit code 0 only if all of it holds.
import { createHash, createPublicKey, verify } from "node:crypto";

const base = process.argv[2]?.replace(/\/$/, "");
if (!base) {
  console.error("usage: node verify-candor.mjs <trust center URL, e.g. https://example.com/t/acme>");
  process.exit(2);
}

// RFC 8785 (JCS) for the values a publication holds: objects, arrays, strings, integers, booleans, null.
function canonicalize(value) {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalize).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.filter((k) => value[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalize(value[k])}`).join(",")}}`;
}

async function get(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

const latest = await get(`${base}/trust.json`);
let previous = null;
let failures = 0;
for (let seq = 1; seq <= latest.seq; seq++) {
  const p = seq === latest.seq ? latest : await get(`${base}/trust.json?seq=${seq}`);
  const problems = [];
  if (createHash("sha256").update(p.canonical, "utf8").digest("hex") !== p.hash) problems.push("hash does not match the canonical bytes");
  if (canonicalize(JSON.parse(p.canonical)) !== p.canonical) problems.push("canonical form is not RFC 8785");
  if (canonicalize(p.publication) !== p.canonical) problems.push("the document differs from its canonical form");
  if (!verify(null, Buffer.from(p.canonical, "utf8"), createPublicKey(p.publicKey), Buffer.from(p.signature, "base64"))) problems.push("signature does not verify");
  if ((p.prevHash ?? null) !== (previous?.hash ?? null) || (p.publication.prevHash ?? null) !== (previous?.hash ?? null)) problems.push("does not name the previous publication's hash");
  if (p.seq !== seq || p.publication.seq !== seq) problems.push(`claims to be #${p.seq}`);
  console.log(`${problems.length ? "FAIL" : "ok  "} #${seq} ${p.hash}${problems.length ? `: ${problems.join("; ")}` : ""}`);
  failures += problems.length ? 1 : 0;
  previous = p;
}
console.log(failures ? `${failures} publication(s) failed` : `all ${latest.seq} publications verify`);
process.exit(failures ? 1 : 0);
