import { createHash, createPublicKey, verify } from "node:crypto";
import canonicalize from "canonicalize";
import { publicationDocumentSchema } from "./view";

/**
 * Verifying publications, as anyone can (this module has no server dependencies; the same
 * checks ship as a dependency-free script at /verify-candor.mjs): the canonical bytes hash to
 * `hash`, the document is the canonical form of itself, the signature verifies under the public
 * key, and each publication names the previous one's hash, with sequence numbers from 1 on.
 */
export type SignedPublication = { seq: number; canonical: string; hash: string; prevHash: string | null; signature: string; publicKey: string };
export type PublicationCheck = { ok: true; checked: number } | { ok: false; checked: number; seq: number; reason: string };

export function sha256(text: string) {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export function checkPublication(p: SignedPublication, previous: SignedPublication | null): string | null {
  if (sha256(p.canonical) !== p.hash) return "its hash does not match its canonical bytes";
  let document: unknown;
  try {
    document = JSON.parse(p.canonical);
  } catch {
    return "its canonical form is not JSON";
  }
  if (canonicalize(document) !== p.canonical) return "its canonical form is not canonical (RFC 8785)";
  const parsed = publicationDocumentSchema.safeParse(document);
  if (!parsed.success) return "it is not a Candor publication document";
  if (parsed.data.seq !== p.seq) return `it says it is #${parsed.data.seq}`;
  if (parsed.data.prevHash !== (previous?.hash ?? null) || p.prevHash !== (previous?.hash ?? null)) return "it does not name the previous publication's hash";
  let signatureOk = false;
  try {
    signatureOk = verify(null, Buffer.from(p.canonical, "utf8"), createPublicKey(p.publicKey), Buffer.from(p.signature, "base64"));
  } catch {
    signatureOk = false;
  }
  return signatureOk ? null : "its signature does not verify under the published key";
}

export function verifyPublications(chain: SignedPublication[]): PublicationCheck {
  let previous: SignedPublication | null = null;
  for (const [index, publication] of chain.entries()) {
    if (publication.seq !== index + 1) return { ok: false, checked: index, seq: publication.seq, reason: `expected publication #${index + 1} here` };
    const problem = checkPublication(publication, previous);
    if (problem) return { ok: false, checked: index, seq: publication.seq, reason: problem };
    previous = publication;
  }
  return { ok: true, checked: chain.length };
}
