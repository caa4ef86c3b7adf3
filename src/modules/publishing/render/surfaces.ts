import { describeChanges } from "../diff";
import type { PublicationDocument } from "../view";
import { escapeHtml, html, safe } from "./html";
import { markdownToHtml, markdownToText } from "./markdown";
import { layout } from "./page";

export { renderSecurityTxt } from "./security-txt";

/** The changelog, security.txt, the Atom feed, trust.json and the verification page. */
export type ChainEntry = { seq: number; hash: string; prevHash: string | null; publishedAt: Date; document: PublicationDocument };

export function renderChangelog(input: { name: string; base: string; chain: ChainEntry[] }) {
  const entries = [...input.chain].reverse();
  const viewAt = (index: number) => input.chain[index]?.document.view ?? null;
  return layout({
    title: `${input.name}: changelog`,
    description: `Every publication of ${input.name}'s trust center, and what changed.`,
    alternates: { base: input.base, name: input.name },
    body: html`<main class="wrap" style="padding:32px 20px">
<p class="eyebrow"><a href="${input.base || "/"}">${input.name} trust center</a></p>
<h1>Changelog</h1>
<p class="meta">Every publication, newest first, with what changed since the one before. Each is signed and names the previous one's hash: <a href="${input.base}/verify">verify the chain</a>.</p>
${entries.map((entry) => {
  const index = input.chain.indexOf(entry);
  const changes = describeChanges(index > 0 ? viewAt(index - 1) : null, entry.document.view);
  return html`<section aria-labelledby="p-${entry.seq}"><h2 id="p-${entry.seq}">Publication #${entry.seq} <span class="meta">· <time datetime="${entry.publishedAt.toISOString()}">${entry.publishedAt.toISOString().slice(0, 16).replace("T", " ")} UTC</time></span></h2>
<ul class="changes">${changes.map((line) => html`<li>${line}</li>`)}</ul>
<p class="meta">SHA-256 <code>${entry.hash}</code> · <a href="${input.base}/trust.json?seq=${entry.seq}">trust.json #${entry.seq}</a></p></section>`;
})}
${entries.length === 0 ? html`<p>No publications yet.</p>` : ""}
</main>`,
  });
}

const xml = (value: string) => escapeHtml(value);

/**
 * Entry ids (RFC 4287 §4.2.6) are tag URIs (RFC 4151) named by what never changes for the life of
 * an item: the organisation's id and the update's id, or the publication's sequence number. Not
 * the title (an edit would make readers show the entry again as new) and not the host (the same
 * trust center is read at /t/{slug}, its subdomain and its custom domains). ADR 034.
 */
export const TAG_AUTHORITY = "tag:candor,2026:";
const tag = (orgId: string, path: string) => `${TAG_AUTHORITY}${orgId}/${path}`;

type FeedUpdate = NonNullable<PublicationDocument["view"]>["updates"][number];
/** A publication made before updates carried their id: the best stable name it has, still host-free. */
const updateKey = (update: FeedUpdate) => update.id ?? `${update.publishedAt}/${encodeURIComponent(update.title)}`;

export function renderFeed(input: { name: string; orgId: string | null; pageUrl: string; feedUrl: string; chain: ChainEntry[] }) {
  const latest = input.chain.at(-1);
  const view = latest?.document.view ?? null;
  // Content is HTML (sanitised as on the page), escaped into the XML; the summary is its words.
  type Entry = { id: string; title: string; updated: string; link: string; html: string; summary: string };
  const entries: Entry[] = [];
  const id = (path: string, fallback: string) => (input.orgId ? tag(input.orgId, path) : fallback);
  for (const update of view?.updates ?? []) {
    entries.push({
      id: id(`update/${updateKey(update)}`, `${input.pageUrl}#update-${updateKey(update)}`),
      title: update.title,
      updated: `${update.publishedAt}T00:00:00Z`,
      link: `${input.pageUrl}#updates`,
      html: markdownToHtml(update.body, 1).value,
      summary: markdownToText(update.body),
    });
  }
  input.chain.forEach((entry, index) => {
    const changes = describeChanges(index > 0 ? (input.chain[index - 1]!.document.view ?? null) : null, entry.document.view);
    entries.push({
      id: id(`publication/${entry.seq}`, `${input.pageUrl}/trust.json?seq=${entry.seq}`),
      title: `Publication #${entry.seq}${entry.document.kind === "unpublish" ? " (taken offline)" : ""}`,
      updated: entry.publishedAt.toISOString(),
      link: `${input.pageUrl}/changelog#p-${entry.seq}`,
      html: html`<ul>${changes.map((line) => html`<li>${line}</li>`)}</ul>`.value,
      summary: changes.join(" "),
    });
  });
  entries.sort((a, b) => b.updated.localeCompare(a.updated));
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>${xml(`${input.name} trust center`)}</title>
<id>${xml(id("feed", input.pageUrl))}</id>
<link rel="alternate" type="text/html" href="${xml(input.pageUrl)}"/>
<link rel="self" type="application/atom+xml" href="${xml(input.feedUrl)}"/>
<updated>${xml(entries[0]?.updated ?? latest?.publishedAt.toISOString() ?? new Date(0).toISOString())}</updated>
<author><name>${xml(input.name)}</name></author>
${entries.map((e) => `<entry><id>${xml(e.id)}</id><title>${xml(e.title)}</title><updated>${xml(e.updated)}</updated><link href="${xml(e.link)}"/><summary type="text">${xml(e.summary)}</summary><content type="html">${xml(e.html)}</content></entry>`).join("\n")}
</feed>
`;
}

/** trust.json: the publication document, exactly the bytes that were hashed and signed, and how to check them. */
export function trustJson(entry: ChainEntry & { canonical: string; signature: string; publicKey: string }) {
  return JSON.stringify(
    {
      schema: "/schemas/trust-v1.json",
      seq: entry.seq,
      hash: entry.hash,
      prevHash: entry.prevHash,
      algorithm: { canonicalization: "RFC 8785 (JCS)", hash: "SHA-256 of the canonical UTF-8 bytes", signature: "Ed25519 over the canonical UTF-8 bytes, base64" },
      signature: entry.signature,
      publicKey: entry.publicKey,
      canonical: entry.canonical,
      publication: entry.document,
    },
    null,
    2,
  );
}

export function renderVerify(input: { name: string; base: string; origin: string; latestSeq: number | null }) {
  const url = `${input.origin}${input.base}`;
  const script = String.raw`# 1. Download every publication (1 … N) of the chain
N=$(curl -s ${url}/trust.json | jq .seq)
for i in $(seq 1 $N); do curl -s "${url}/trust.json?seq=$i" -o trust-$i.json; done

# 2. For each: the hash is the SHA-256 of the canonical bytes, the signature verifies,
#    and it names the previous publication's hash
prev=null
for i in $(seq 1 $N); do
  jq -j .canonical trust-$i.json > canonical-$i.json
  [ "$(sha256sum canonical-$i.json | cut -d' ' -f1)" = "$(jq -r .hash trust-$i.json)" ] || echo "#$i: hash mismatch"
  jq -r .signature trust-$i.json | base64 -d > sig-$i.bin
  jq -r .publicKey trust-$i.json > key-$i.pem
  openssl pkeyutl -verify -pubin -inkey key-$i.pem -rawin -in canonical-$i.json -sigfile sig-$i.bin >/dev/null || echo "#$i: bad signature"
  [ "$(jq -r .prevHash trust-$i.json)" = "$prev" ] || echo "#$i: chain broken"
  prev=$(jq -r .hash trust-$i.json)
done
echo "checked $N publications"`;
  return layout({
    title: `${input.name}: verify`,
    description: `How to check ${input.name}'s trust center yourself.`,
    alternates: { base: input.base, name: input.name },
    body: html`<main class="wrap" style="padding:32px 20px">
<p class="eyebrow"><a href="${input.base || "/"}">${input.name} trust center</a></p>
<h1>Verify this trust center</h1>
<p>Every version of this page is a <strong>publication</strong>: a JSON document in canonical form (RFC 8785), its SHA-256 hash, and an Ed25519 signature by ${input.name}'s key. Each publication names the hash of the one before it, so history cannot be rewritten quietly: changing or removing any publication breaks every later link. ${input.latestSeq ? html`The latest is <a href="${input.base}/trust.json">#${input.latestSeq}</a>.` : "Nothing is published yet."}</p>
<h2>With openssl and jq</h2>
<pre class="md" style="white-space:pre-wrap"><code>${script}</code></pre>
<p>No output but the last line means every publication is intact and signed. The key is published with every publication; compare it with the one you saw before (it changes only if ${input.name} rotates it).</p>
<h2>With Node.js, no dependencies</h2>
<pre class="md"><code>curl -sO ${input.origin}/verify-candor.mjs
node verify-candor.mjs ${url}</code></pre>
<p class="meta">The script (<a href="/verify-candor.mjs">verify-candor.mjs</a>) fetches the whole chain and checks canonical form, hashes, signatures and links, using only Node's own crypto.</p>
<h2>What a publication contains</h2>
<p>Only what ${input.name} chose to make public: controls, evidence, certifications, subprocessors, documents' metadata, FAQs, updates, security reviews and the disclosure policy. Its format is documented by a <a href="/schemas/trust-v1.json">JSON Schema</a>.</p>
${safe("")}
</main>`,
  });
}
