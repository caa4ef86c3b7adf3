import { linkChanges, sayChanges } from "../diff";
import type { PublicationDocument } from "../view";
import { longMinute, tHtml } from "./format";
import { escapeHtml, html } from "./html";
import type { Locale, Translate } from "./i18n";
import { markdownToHtml, markdownToText } from "./markdown";
import { layout } from "./page";

export { renderSecurityTxt } from "./security-txt";

/** The changelog, security.txt, the Atom feed, trust.json and the verification page. */
export type ChainEntry = { seq: number; hash: string; prevHash: string | null; publishedAt: Date; document: PublicationDocument };

/** What the chain's link at `index` changed from the one before it, in `t`'s words (remembered: diff.ts). */
function changesAt(chain: ChainEntry[], index: number, t: Translate) {
  const link = (entry: ChainEntry) => ({ hash: entry.hash, view: entry.document.view });
  return sayChanges(linkChanges(index > 0 ? link(chain[index - 1]!) : null, link(chain[index]!)), t);
}

export function renderChangelog(input: { name: string; base: string; chain: ChainEntry[]; locale: Locale; t: Translate }) {
  const { t, locale } = input;
  const entries = [...input.chain].reverse();
  // The organisation's accent, as on its page: from the latest publication that has a view.
  const brand = entries.find((entry) => entry.document.view)?.document.view?.organization.brandColor ?? null;
  return layout({
    title: t("changelog.title", { name: input.name }),
    brand,
    description: t("changelog.description", { name: input.name }),
    alternates: { base: input.base, name: input.name },
    locale,
    t,
    body: html`<div class="band" aria-hidden="true"></div><main class="wrap solo">
<p class="eyebrow"><a href="${input.base || "/"}">${t("changelog.back", { name: input.name })}</a></p>
<h1>${t("changelog.heading")}</h1>
<p class="meta">${tHtml(t, "changelog.intro", {}, { link: html`<a href="${input.base}/verify">${t("changelog.verifyLink")}</a>` })}</p>
<ol class="timeline">${entries.map((entry) => {
  const index = input.chain.indexOf(entry);
  const changes = changesAt(input.chain, index, t);
  return html`<li class="card"><section aria-labelledby="p-${entry.seq}"><h2 id="p-${entry.seq}">${t("changelog.entry", { seq: entry.seq })} <span class="meta">· <time datetime="${entry.publishedAt.toISOString()}">${longMinute(locale, entry.publishedAt)} UTC</time></span></h2>
<ul class="changes">${changes.map((line) => html`<li>${line}</li>`)}</ul>
<p class="meta hash">SHA-256 <code>${entry.hash}</code> · <a href="${input.base}/trust.json?seq=${entry.seq}">${t("changelog.trustJson", { seq: entry.seq })}</a></p></section></li>`;
})}</ol>
${entries.length === 0 ? html`<p>${t("changelog.none")}</p>` : ""}
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

export function renderFeed(input: { name: string; orgId: string | null; pageUrl: string; feedUrl: string; chain: ChainEntry[]; locale: Locale; t: Translate }) {
  const { t } = input;
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
    const changes = changesAt(input.chain, index, t);
    entries.push({
      id: id(`publication/${entry.seq}`, `${input.pageUrl}/trust.json?seq=${entry.seq}`),
      title: t(entry.document.kind === "unpublish" ? "feed.offline" : "feed.publication", { seq: entry.seq }),
      updated: entry.publishedAt.toISOString(),
      link: `${input.pageUrl}/changelog#p-${entry.seq}`,
      html: html`<ul>${changes.map((line) => html`<li>${line}</li>`)}</ul>`.value,
      summary: changes.join(" "),
    });
  });
  entries.sort((a, b) => b.updated.localeCompare(a.updated));
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${input.locale}">
<title>${xml(t("feed.title", { name: input.name }))}</title>
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

export function renderVerify(input: { name: string; base: string; origin: string; latestSeq: number | null; locale: Locale; t: Translate; brand?: string | null }) {
  const { t, name } = input;
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
    title: t("verify.title", { name }),
    brand: input.brand,
    description: t("verify.description", { name }),
    alternates: { base: input.base, name },
    locale: input.locale,
    t,
    body: html`<div class="band" aria-hidden="true"></div><main class="wrap solo">
<p class="eyebrow"><a href="${input.base || "/"}">${t("changelog.back", { name })}</a></p>
<h1>${t("verify.heading")}</h1>
<p class="lead">${t("verify.plain", { name })}</p>
<p>${t("verify.lead", { name })}</p>
<p class="card latest">${input.latestSeq ? tHtml(t, "verify.latest", {}, { link: html`<a href="${input.base}/trust.json">${t("verify.latestLink", { seq: input.latestSeq })}</a>` }) : t("verify.nothing")}</p>
<h2>${t("verify.withOpenssl")}</h2>
<pre class="code"><code>${script}</code></pre>
<p>${t("verify.opensslNote", { name })}</p>
<h2>${t("verify.withNode")}</h2>
<pre class="code"><code>curl -sO ${input.origin}/verify-candor.mjs
node verify-candor.mjs ${url}</code></pre>
<p class="meta">${tHtml(t, "verify.nodeNote", {}, { link: html`<a href="/verify-candor.mjs">verify-candor.mjs</a>` })}</p>
<h2>${t("verify.contains")}</h2>
<p>${tHtml(t, "verify.containsBody", { name }, { link: html`<a href="/schemas/trust-v1.json">${t("verify.schemaLink")}</a>` })}</p>
</main>`,
  });
}
