import { LABELS } from "@/modules/content/schema";
import { responseSentence } from "@/modules/content/response-time";
import { formatBytes } from "@/lib/file-size";
import { REVIEW_TEMPLATES } from "@/modules/reviews/templates";
import { isoDay, reviewDueOn } from "../validity";
import type { PublicView } from "../view";
import { html, jsonForScript, safe, safeUrl, type SafeHtml } from "./html";
import { markdownToHtml, markdownToText } from "./markdown";
import { securityTxtExpires } from "./security-txt";
import { PUBLIC_CSS } from "./styles";

/**
 * The public trust center page, rendered from a publication's view: semantic HTML, no script
 * (JSON-LD is data), inline CSS, readable without JavaScript. The dashboard's preview renders
 * through this same function.
 */
export type PageMeta = {
  base: string; // "/t/acme" (or "" on the tenant's own host)
  canonicalUrl: string;
  seq: number;
  hash: string;
  publishedAt: Date;
  today: Date;
  preview?: boolean;
  /** Where the logo is (a preview's logo is not a published asset yet). */
  logoUrl?: string;
  /**
   * A prospect holding a grant (ADR 029): their own page, rendered per request and never stored
   * or cached. Absent for everyone else, and then nothing below depends on it.
   */
  grantee?: GranteeMeta;
};

export type GranteeMeta = {
  email: string;
  until: string;
  unlocked: (documentId: string) => boolean;
  signOutUrl: string;
  /** Their certificate of NDA acceptance, when their grant has an acceptance (ADR 029, addendum E). */
  certificateUrl?: string | null;
  /** Their own downloads (what they took, with each copy's watermark id). */
  downloadsUrl?: string;
};

/** The grantee's own styles, added to their page only (the stored page's stylesheet stays as it is). */
const GRANTEE_CSS = `.grantee{background:var(--soft);border-bottom:1px solid var(--line);font-size:.9rem}.grantee .wrap{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;padding-top:8px;padding-bottom:8px}.grantee form{margin:0}.grantee button{font:inherit;background:none;border:0;padding:0;text-decoration:underline;cursor:pointer;color:inherit}`;

function granteeBanner(grantee: GranteeMeta) {
  return html`<div class="grantee" role="status"><div class="wrap"><span>Signed in as <strong>${grantee.email}</strong></span><span>Access until ${date(grantee.until)}</span>${grantee.certificateUrl ? html`<a href="${grantee.certificateUrl}">NDA acceptance certificate (PDF)</a>` : ""}${grantee.downloadsUrl ? html`<a href="${grantee.downloadsUrl}">Your downloads</a>` : ""}<form method="post" action="${grantee.signOutUrl}"><button type="submit">Sign out</button></form></div></div>`;
}

const label = (group: keyof typeof LABELS, value: string) => (LABELS[group] as Record<string, string>)[value] ?? value;
const badge = (value: string, text: string) => html`<span class="badge b-${value}">${text}</span>`;
const date = (iso: string | null) => (iso ? html`<time datetime="${iso}">${iso}</time>` : "");

/**
 * Autodiscovery (issue 16): feed readers and crawlers find the Atom feed and the signed
 * trust.json from any of a trust center's pages. `base` is where the tenant's surfaces live.
 */
const alternates = (base: string, name: string) =>
  html`<link rel="alternate" type="application/atom+xml" title="${name} trust center updates" href="${base}/feed.xml">
<link rel="alternate" type="application/json" title="${name} trust center, signed publication" href="${base}/trust.json">`;

export function layout(input: { title: string; description: string; brand?: string | null; head?: SafeHtml; body: SafeHtml; canonicalUrl?: string; robots?: string; alternates?: { base: string; name: string } }) {
  const brand = input.brand && /^#[0-9a-f]{6}$/.test(input.brand) ? input.brand : null;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title}</title>
<meta name="description" content="${input.description}">
${input.canonicalUrl ? html`<link rel="canonical" href="${input.canonicalUrl}">` : ""}
${input.robots ? html`<meta name="robots" content="${input.robots}">` : ""}
${input.alternates ? alternates(input.alternates.base, input.alternates.name) : ""}
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<style>${safe(PUBLIC_CSS)}${brand ? safe(`:root{--brand:${brand}}`) : ""}</style>
${input.head ?? ""}
</head>
<body>
${input.body}
</body>
</html>`.value;
}

function jsonLd(view: PublicView, meta: PageMeta) {
  const org = view.organization;
  const graph: Record<string, unknown>[] = [
    {
      "@type": "Organization",
      "@id": `${meta.canonicalUrl}#organization`,
      name: org.name,
      url: meta.canonicalUrl,
      ...(org.logo ? { logo: `${meta.canonicalUrl.replace(/\/$/, "")}/assets/${org.logo.sha256}` } : {}),
      ...(org.securityContactEmail ? { contactPoint: { "@type": "ContactPoint", contactType: "security", email: org.securityContactEmail } } : {}),
    },
    {
      "@type": "WebPage",
      "@id": meta.canonicalUrl,
      url: meta.canonicalUrl,
      name: `${org.name} trust center`,
      about: { "@id": `${meta.canonicalUrl}#organization` },
      dateModified: meta.publishedAt.toISOString(),
    },
  ];
  if (view.faqs.length) {
    graph.push({
      "@type": "FAQPage",
      mainEntity: view.faqs.map((faq) => ({ "@type": "Question", name: faq.question, acceptedAnswer: { "@type": "Answer", text: markdownToText(faq.answer) } })),
    });
  }
  return html`<script type="application/ld+json">${jsonForScript({ "@context": "https://schema.org", "@graph": graph })}</script>`;
}

/** The response time as a sentence; a publication made before it had a unit shows its text as a labelled value. */
function responseLine(policy: NonNullable<PublicView["disclosure"]>) {
  if (policy.responseWithin && policy.responseUnit) return html`<li>${responseSentence({ within: policy.responseWithin, unit: policy.responseUnit })}</li>`;
  return policy.responseTime ? html`<li>Response time: ${policy.responseTime}</li>` : "";
}

function expired(periodEnd: string | null, today: Date) {
  return periodEnd !== null && new Date(`${periodEnd}T23:59:59.999Z`) < today;
}

type Section = (view: PublicView, meta: PageMeta) => SafeHtml | string;

// Never link to what does not exist: the disclosure section only when there is a way to report,
// security.txt only when its route would serve it today (issue 10, item 7).
const canReport = (view: PublicView) => Boolean(view.disclosure || view.organization.securityContactEmail);
const securityTxtLink = (view: PublicView, meta: PageMeta) => (securityTxtExpires(view, meta.today) ? html`<a href="${meta.base}/.well-known/security.txt">security.txt</a>` : null);
const link = (url: string, text: string) => html`<a href="${safeUrl(url)}" rel="nofollow noopener noreferrer">${text}</a>`;

/** "v1.4.2, effective 1 April 2026" (issue 15), or whichever half is set. */
function pageVersion(org: PublicView["organization"]) {
  const effective = org.pageEffectiveDate ? html`effective <time datetime="${org.pageEffectiveDate}">${longDate(org.pageEffectiveDate)}</time>` : "";
  if (!org.pageVersion && !effective) return "";
  return html`<p class="meta version">${org.pageVersion ?? ""}${org.pageVersion && effective ? ", " : ""}${org.pageVersion ? effective : org.pageEffectiveDate ? html`Effective <time datetime="${org.pageEffectiveDate}">${longDate(org.pageEffectiveDate)}</time>` : ""}</p>`;
}

const top: Section = (view, meta) => {
  const org = view.organization;
  const nav: [string, string, boolean][] = [
    ["controls", "Controls", view.controls.coverage.total > 0],
    ["certifications", "Certifications", view.frameworks.length > 0],
    ["subprocessors", "Subprocessors", view.subprocessors.length > 0],
    ["documents", "Documents", view.documents.length > 0],
    ["reviews", "Security reviews", view.reviews.length > 0],
    ["faq", "FAQ", view.faqs.length > 0],
    ["updates", "Updates", view.updates.length > 0],
    ["disclosure", "Report a vulnerability", canReport(view)],
  ];
  return html`${meta.preview ? html`<div class="preview" role="status">Preview: this is what would be published. The public sees the last publication until you publish.</div>` : ""}${meta.grantee ? granteeBanner(meta.grantee) : ""}
<header class="top"><div class="wrap">
${org.logo ? html`<img src="${meta.logoUrl ?? `${meta.base}/assets/${org.logo.sha256}`}" alt="${org.name} logo">` : ""}
<div><p class="eyebrow">Trust center</p><h1>${org.name}</h1>${pageVersion(org)}</div>
</div></header>
<nav aria-label="On this page" class="wrap meta" style="padding-top:12px">${nav.filter(([, , show]) => show).map(([id, text], i) => html`${i ? " · " : ""}<a href="#${id}">${text}</a>`)}</nav>`;
};

const overview: Section = ({ organization: org }) => (org.overview.trim() ? html`<section aria-labelledby="overview"><h2 id="overview">Overview</h2><div class="md">${markdownToHtml(org.overview, 2)}</div></section>` : "");

type PublicControl = PublicView["controls"]["domains"][number]["controls"][number];

function controlArticle(control: PublicControl, meta: PageMeta) {
  const due = reviewDueOn(control);
  const stale = control.status !== "NOT_APPLICABLE" && (due === null || due <= isoDay(meta.today));
  return html`<article class="control" id="control-${control.ref}">
<header><span class="ref">${control.ref}</span><h4>${control.title}</h4>${badge(control.status, label("controlStatus", control.status))}${stale ? html` ${badge("due", "Needs review")}` : ""}</header>
${control.description ? html`<div class="md">${markdownToHtml(control.description, 4)}</div>` : ""}
${control.evidence.length ? html`<ul class="evidence" aria-label="Evidence for ${control.ref}">${control.evidence.map((e) => html`<li>${label("evidenceKind", e.kind)}: ${e.label} — ${/^https?:\/\//.test(e.target) ? link(e.target, e.target) : html`<code>${e.target}</code>`}</li>`)}</ul>` : ""}
${control.lastReviewedAt
  ? html`<p class="meta">Last reviewed ${date(control.lastReviewedAt)}; reviewed every ${control.reviewCadenceDays} days.</p>`
  : due
    ? html`<p class="meta">Reviewed every ${control.reviewCadenceDays} days; first review due ${date(due)}.</p>`
    : html`<p class="meta">Not reviewed yet.</p>`}
</article>`;
}

const controls: Section = (view, meta) => {
  const c = view.controls.coverage;
  if (c.total === 0) return "";
  return html`<section aria-labelledby="controls"><h2 id="controls">Controls</h2>
<ul class="stats" aria-label="Controls by status">
<li><span class="n">${c.total}</span><span class="l">Total</span></li>
<li><span class="n">${c.IMPLEMENTED}</span><span class="l">Implemented</span></li>
<li><span class="n">${c.IN_PROGRESS}</span><span class="l">In progress</span></li>
<li><span class="n">${c.PLANNED}</span><span class="l">Planned</span></li>
${c.NOT_APPLICABLE ? html`<li><span class="n">${c.NOT_APPLICABLE}</span><span class="l">Not applicable</span></li>` : ""}
<li><span class="n">${c.percent === null ? "—" : `${c.percent}%`}</span><span class="l">Coverage of the controls published here</span></li>
</ul>
<p class="meta">Coverage is implemented ÷ (all − not applicable), over the ${c.total} ${c.total === 1 ? "control" : "controls"} published on this page: ${c.IMPLEMENTED} implemented of ${c.applicable} applicable.</p>
${view.controls.domains.map(
  (domain) => html`<h3>${domain.name} <span class="meta">(${domain.controls.length})</span></h3>
${domain.controls.map((control) => controlArticle(control, meta))}`,
)}
</section>`;
};

type PublicFramework = PublicView["frameworks"][number];

/** "Q3 2027": a target is a plan, shown by its quarter, never as a validity end. */
function quarter(iso: string) {
  return `Q${Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1} ${iso.slice(0, 4)}`;
}

/** "1 April 2026". */
export function longDate(iso: string) {
  return new Date(`${iso}T00:00:00.000Z`).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

/** A certification's status (issue 15): expired past its end, inherited with its provider, a target as a target. */
function frameworkStatus(f: PublicFramework, today: Date) {
  if (f.status === "CERTIFIED" && expired(f.periodEnd, today)) return badge("EXPIRED", `Expired ${f.periodEnd}`);
  if (f.status === "INHERITED") return badge("INHERITED", `Inherited from ${f.inheritedFrom ?? "a provider"}`);
  const target = f.targetDate && (f.status === "IN_PROGRESS" || f.status === "PLANNED") ? html`<br><span class="meta">target: <time datetime="${f.targetDate}">${quarter(f.targetDate)}</time></span>` : "";
  return html`${badge(f.status, label("frameworkStatus", f.status))}${target}`;
}

function frameworkPeriod(f: PublicFramework) {
  const period = f.periodStart || f.periodEnd ? html`${date(f.periodStart)} – ${date(f.periodEnd)}` : "—";
  return html`${period}${f.lastAuditedAt ? html`<br><span class="meta">last audit or review ${date(f.lastAuditedAt)}</span>` : ""}`;
}

const frameworks: Section = (view, meta) => {
  if (!view.frameworks.length) return "";
  return html`<section aria-labelledby="certifications"><h2 id="certifications">Certifications and frameworks</h2>
<div class="scroll" role="region" tabindex="0" aria-label="Table of certifications and frameworks"><table class="table"><thead><tr><th scope="col">Framework</th><th scope="col">Status</th><th scope="col">Auditor or body</th><th scope="col">Period</th><th scope="col">Note</th></tr></thead><tbody>
${view.frameworks.map(
  (f) => html`<tr><th scope="row">${f.reportUrl ? link(f.reportUrl, f.name) : f.name}</th>
<td data-label="Status">${frameworkStatus(f, meta.today)}</td>
<td data-label="Auditor or body">${f.auditor ?? "—"}</td><td data-label="Period">${frameworkPeriod(f)}</td><td class="md" data-label="Note">${markdownToHtml(f.note, 2)}</td></tr>`,
)}
</tbody></table></div></section>`;
};

/** Announced changes still ahead of the publication's day, each with its way to object (ADR 031). */
function upcoming(view: PublicView, meta: PageMeta) {
  const ahead = (view.upcomingChanges ?? []).filter((c) => c.effectiveOn > isoDay(meta.publishedAt));
  if (!ahead.length) return "";
  return html`<h3 id="upcoming-changes">Upcoming changes</h3>
<ul class="upcoming">${ahead.map(
    (c) => html`<li><strong>${c.vendor}</strong>: ${c.summary}. Effective ${date(c.effectiveOn)}.${c.urgent && c.reason ? html` <span class="badge b-urgent">Urgent</span> Why: ${c.reason}` : ""} <a href="${meta.base}/subprocessors/object?change=${c.id}">Object</a></li>`,
  )}</ul>`;
}

type PublicSubprocessor = PublicView["subprocessors"][number];

/** Parents first, each followed by the providers behind it (issue 15); an unknown parent leaves a row at the top. */
function nested(list: PublicSubprocessor[]) {
  const vendors = new Set(list.map((s) => s.vendor));
  const out: { s: PublicSubprocessor; depth: number }[] = [];
  const seen = new Set<PublicSubprocessor>();
  const visit = (s: PublicSubprocessor, depth: number) => {
    if (seen.has(s)) return;
    seen.add(s);
    out.push({ s, depth });
    for (const child of list) if (child.parent === s.vendor && depth < 5) visit(child, depth + 1);
  };
  for (const s of list) if (!s.parent || !vendors.has(s.parent)) visit(s, 0);
  for (const s of list) visit(s, 0);
  return out;
}

function subprocessorRow({ s, depth }: { s: PublicSubprocessor; depth: number }) {
  return html`<tr${depth ? html` class="sub"` : ""}><th scope="row">${depth ? html`<span class="meta">${s.parent} ›</span> ` : ""}${s.website ? link(s.website, s.vendor) : s.vendor}</th><td data-label="Purpose">${s.purpose}</td><td data-label="Data">${s.dataCategories || "—"}${s.dataRetention ? html`<br><span class="meta">Retention: ${s.dataRetention}</span>` : ""}</td><td data-label="Location">${s.location}</td><td data-label="Transfer">${s.transferMechanism ?? "—"}</td>
<td data-label="Status">${badge(s.status, label("subprocessorStatus", s.status))}${s.status === "PLANNED" && s.effectiveDate ? html` from ${date(s.effectiveDate)}` : ""}${s.since ? html`<br><span class="meta">since ${date(s.since)}</span>` : ""}</td></tr>`;
}

/** The notice promised before a new or changed subprocessor takes effect (ADR 031), when there is one. */
const noticeLine = (days: number | undefined) =>
  days ? html`<p class="meta">We announce a new subprocessor, or a change to one, at least ${days} ${days === 1 ? "day" : "days"} before it takes effect.</p>` : "";

const subprocessors: Section = (view, meta) => {
  if (!view.subprocessors.length) return "";
  const active = view.subprocessors.filter((s) => s.status !== "REMOVED");
  const removed = view.subprocessors.filter((s) => s.status === "REMOVED");
  return html`<section aria-labelledby="subprocessors"><h2 id="subprocessors">Subprocessors</h2>
<p class="meta">The third parties that process customer data.</p>
${noticeLine(view.organization.subprocessorNoticeDays)}
${active.length ? html`<div class="scroll" role="region" tabindex="0" aria-label="Table of subprocessors"><table class="table"><thead><tr><th scope="col">Vendor</th><th scope="col">Purpose</th><th scope="col">Data</th><th scope="col">Location</th><th scope="col">Transfer</th><th scope="col">Status</th></tr></thead><tbody>
${nested(active).map(subprocessorRow)}
</tbody></table></div>` : ""}
${upcoming(view, meta)}
${removed.length ? html`<h3>No longer used</h3><ul>${removed.map((s) => html`<li>${s.vendor} (${s.purpose}) — removed ${date(s.removedAt)}</li>`)}</ul>` : ""}
</section>`;
};

/**
 * An NDA document: the same "Request access" link for every visitor (the stored page is one
 * artifact for all), or, on a grantee's own page, the download their grant covers.
 */
function ndaLine(id: string, meta: PageMeta) {
  if (meta.grantee?.unlocked(id)) return html`<p><a href="${meta.base}/access/documents/${id}">Download</a> <span class="meta">(shared with you under NDA)</span></p>`;
  return html`<p class="meta">Shared under NDA: <a href="${meta.base}/access">Request access</a>, or write to the security contact below.</p>`;
}

const documents: Section = (view, meta) => {
  if (!view.documents.length) return "";
  return html`<section aria-labelledby="documents"><h2 id="documents">Documents</h2><ul class="docs">
${view.documents.map(
  (d) => html`<li><strong>${d.title}</strong>${d.category ? html` <span class="meta">· ${d.category}</span>` : ""}${d.version.label ? html` <span class="meta">· ${d.version.label}</span>` : ""}${d.version.effectiveDate ? html` <span class="meta">· effective ${date(d.version.effectiveDate)}</span>` : ""}
${d.description ? html`<div class="md">${markdownToHtml(d.description, 2)}</div>` : ""}
${d.access === "public" && d.version.file
  ? html`<p><a href="${meta.base}/documents/${d.id}/${d.version.number}">Download ${d.version.file.name}</a> <span class="meta">(${formatBytes(d.version.file.size)}, SHA-256 <code>${d.version.file.sha256.slice(0, 16)}…</code>)</span></p>`
  : ndaLine(d.id, meta)}
</li>`,
)}
</ul></section>`;
};

type PublicReview = PublicView["reviews"][number];

function reviewDetails(review: PublicReview, open: boolean) {
  const counts = { PASS: 0, PARTIAL: 0, FAIL: 0, NOT_APPLICABLE: 0 } as Record<string, number>;
  for (const item of review.items) if (item.result) counts[item.result] = (counts[item.result] ?? 0) + 1;
  return html`<details${open ? html` open` : ""}><summary>${review.title} — ${date(review.reviewedAt)} <span class="meta">(${(REVIEW_TEMPLATES as Record<string, { name: string }>)[review.template]?.name ?? review.template}; ${counts.PASS} pass, ${counts.PARTIAL} partial, ${counts.FAIL} fail)</span></summary>
${review.summary ? html`<div class="md">${markdownToHtml(review.summary, 2)}</div>` : ""}
<div class="scroll" role="region" tabindex="0" aria-label="Table of ${review.title}: questions and results"><table class="table"><thead><tr><th scope="col">Ref</th><th scope="col">Question</th><th scope="col">Result</th><th scope="col">Evidence and findings</th></tr></thead><tbody>
${review.items.map(
  (item) => html`<tr><td class="ref">${item.ref}</td><td data-label="Question">${item.question}<br><span class="meta">${item.area}</span></td><td data-label="Result">${item.result ? badge(item.result, label("reviewResult", item.result)) : badge("unanswered", "Open")}</td>
<td class="md" data-label="Evidence and findings">${markdownToHtml(item.evidence, 2)}${item.finding ? html`<p><strong>Finding:</strong></p>${markdownToHtml(item.finding, 2)}` : ""}${item.resolution === "REMEDIATED" ? html`<p>Remediated${item.remediationUrl ? html`: ${link(item.remediationUrl, "the fix")}` : ""}.</p>` : ""}${item.resolution === "ACCEPTED" ? html`<p><strong>Accepted as residual risk:</strong></p>${markdownToHtml(item.rationale, 2)}` : ""}</td></tr>`,
)}
</tbody></table></div></details>`;
}

const reviews: Section = (view) =>
  view.reviews.length
    ? html`<section aria-labelledby="reviews"><h2 id="reviews">Security reviews</h2>
${view.reviews.map((review, index) => reviewDetails(review, index === 0))}
</section>`
    : "";

const sections: Section = (view) =>
  html`${view.sections.map((section, index) => html`<section aria-labelledby="section-${index}"><h2 id="section-${index}">${section.title}</h2><div class="md">${markdownToHtml(section.body, 2)}</div></section>`)}`;

const faqs: Section = (view) =>
  view.faqs.length ? html`<section aria-labelledby="faq"><h2 id="faq">Frequently asked questions</h2>${view.faqs.map((faq) => html`<details><summary>${faq.question}</summary><div class="md">${markdownToHtml(faq.answer, 2)}</div></details>`)}</section>` : "";

const updates: Section = (view, meta) =>
  view.updates.length
    ? html`<section aria-labelledby="updates"><h2 id="updates">Updates</h2>${view.updates.map(
        (u) => html`<article><h3>${u.title}</h3><p class="meta">${date(u.publishedAt)} · ${label("updateCategory", u.category)}</p><div class="md">${markdownToHtml(u.body, 3)}</div></article>`,
      )}<p class="meta"><a href="${meta.base}/feed.xml">Subscribe (Atom feed)</a></p></section>`
    : "";

function disclosurePolicy(policy: NonNullable<PublicView["disclosure"]>, securityTxt: SafeHtml | null) {
  return html`<div class="md">${markdownToHtml(policy.policy, 2)}</div>
<ul>
${policy.contacts.map((contact) => html`<li>Contact: <a href="${safeUrl(contact)}">${contact.replace(/^mailto:/, "")}</a></li>`)}
${responseLine(policy)}
${policy.encryptionUrl ? html`<li><a href="${safeUrl(policy.encryptionUrl)}">Encryption key</a></li>` : ""}
${policy.acknowledgmentsUrl ? html`<li><a href="${safeUrl(policy.acknowledgmentsUrl)}">Acknowledgments</a></li>` : ""}
<li>${policy.bugBounty ? html`Bug bounty: ${policy.bugBountyUrl ? html`<a href="${safeUrl(policy.bugBountyUrl)}">programme</a>` : "yes"}` : "No bug bounty programme."}</li>
${securityTxt ? html`<li>Machine-readable: ${securityTxt}</li>` : ""}
</ul>
${policy.safeHarbor ? html`<h3>Safe harbour</h3><div class="md">${markdownToHtml(policy.safeHarbor, 3)}</div>` : ""}`;
}

const disclosure: Section = (view, meta) => {
  const org = view.organization;
  return html`<section aria-labelledby="disclosure"><h2 id="disclosure">Report a vulnerability</h2>
${view.disclosure ? disclosurePolicy(view.disclosure, securityTxtLink(view, meta)) : ""}
${org.securityContactEmail ? html`<p>Security contact: <a href="mailto:${org.securityContactEmail}">${org.securityContactEmail}</a></p>` : view.disclosure ? "" : html`<p>${org.name} has not named a security contact yet.</p>`}
</section>`;
};

const footer: Section = (view, meta) => {
  const securityTxt = securityTxtLink(view, meta);
  return html`<footer class="bottom wrap">
<p>${meta.preview ? "Preview of publication" : "Publication"} #${meta.seq}, ${meta.preview ? "not yet published" : html`published <time datetime="${meta.publishedAt.toISOString()}">${meta.publishedAt.toISOString().slice(0, 16).replace("T", " ")} UTC</time>`}. SHA-256 <code>${meta.hash}</code></p>
<p><a href="${meta.base}/changelog">Changelog</a> · <a href="${meta.base}/verify">Verify this page</a> · <a href="${meta.base}/trust.json">trust.json</a> · <a href="${meta.base}/feed.xml">Atom feed</a>${securityTxt ? html` · ${securityTxt}` : ""}</p>
<p>Hosted on Candor, an open-source trust center. No cookies, no trackers, no third-party scripts.</p>
</footer>`;
};

/**
 * "Subscribe to updates" (issue 13, ADR 030): a plain form to the host's /subscribe, double
 * opt-in. The same markup for every visitor, so the stored page stays one artifact. The topic
 * values are the subscribers module's form values (SUBSCRIBE_TOPIC_FIELDS).
 */
const SUBSCRIBE_TOPICS: [string, string][] = [
  ["security", "Security and incidents"],
  ["subprocessors", "Subprocessors"],
  ["certifications", "Certifications and documents"],
  ["general", "General updates"],
];

const subscribe: Section = (_view, meta) =>
  html`<section aria-labelledby="subscribe"><h2 id="subscribe">Subscribe to updates</h2>
<p>Get an email when this trust center changes. We send a link to confirm your address first; every email has a one-click unsubscribe link.</p>
<form class="subscribe" method="post" action="${meta.base}/subscribe">
<p><label for="subscribe-email">Email</label> <input type="email" id="subscribe-email" name="email" autocomplete="email" required maxlength="254"></p>
<fieldset><legend>Topics</legend>
<label><input type="checkbox" name="topics" value="all" checked> All topics</label>
${SUBSCRIBE_TOPICS.map(([value, text]) => html`<label><input type="checkbox" name="topics" value="${value}"> ${text}</label>`)}
</fieldset>
<p class="hp" aria-hidden="true"><label for="subscribe-website">Leave this field empty</label> <input type="text" id="subscribe-website" name="website" tabindex="-1" autocomplete="off"></p>
<p><button type="submit">Subscribe</button></p>
</form></section>`;

/** The sections of <main>, in page order. */
const MAIN: Section[] = [overview, controls, frameworks, subprocessors, documents, reviews, sections, faqs, updates, subscribe, disclosure];

export function renderTrustPage(view: PublicView, meta: PageMeta): string {
  const org = view.organization;
  const main = MAIN.map((section) => section(view, meta));
  const body = html`
${top(view, meta)}
<main class="wrap">
${main.map((part, index) => html`${index ? "\n\n" : ""}${part}`)}
</main>
${footer(view, meta)}`;

  return layout({
    title: `${org.name} trust center`,
    description: `Security and trust information published by ${org.name}: controls, certifications, subprocessors and how to report a vulnerability.`,
    brand: org.brandColor,
    canonicalUrl: meta.preview ? undefined : meta.canonicalUrl,
    robots: meta.preview ? "noindex" : undefined,
    alternates: meta.preview ? undefined : { base: meta.base, name: org.name },
    head: meta.grantee ? html`${jsonLd(view, meta)}<style>${safe(GRANTEE_CSS)}</style>` : jsonLd(view, meta),
    body,
  });
}

/** The honest page for an organisation that has not published, or took its page offline. */
export function renderUnpublished(input: { name: string | null; offline: boolean; base: string }) {
  return layout({
    title: input.offline ? "Trust center offline" : "Nothing published yet",
    description: "This trust center has no current publication.",
    robots: "noindex",
    body: html`<main class="wrap" style="padding:64px 20px"><p class="eyebrow">Trust center</p>
<h1>${input.offline ? "This trust center is offline" : "Nothing has been published yet"}</h1>
<p>${input.offline ? "Its owner took it offline. Earlier publications stay on record:" : "This organisation has not published its security posture on Candor yet."}</p>
${input.offline ? html`<p><a href="${input.base}/changelog">See its publication history</a></p>` : ""}
</main>`,
  });
}

export function renderNotFound() {
  return layout({ title: "Not found", description: "No such trust center.", robots: "noindex", body: html`<main class="wrap" style="padding:64px 20px"><p class="eyebrow">404</p><h1>Nothing here</h1><p>There is no trust center at this address.</p></main>` });
}
