import { formatBytes } from "@/lib/file-size";
import { REVIEW_TEMPLATES } from "@/modules/reviews/templates";
import { isoDay, reviewDueOn } from "../validity";
import type { PublicView } from "../view";
import { accentColours } from "./contrast";
import { dayTime, formatNumber, longMinute, tHtml, type Chrome } from "./format";
import { statusFilter } from "./filter";
import { hero } from "./hero";
import { escapeHtml, html, jsonForScript, safe, safeUrl, type SafeHtml } from "./html";
import { withNamedLanguage } from "./languages";
import { translator, type Locale, type Translate } from "./i18n";
import { icon, iconSprite } from "./icons";
import { markdownToHtml, markdownToText } from "./markdown";
import { securityTxtExpires } from "./security-txt";
import { PUBLIC_CSS } from "./styles";

/**
 * The public trust center page, rendered from a publication's view: semantic HTML, no script
 * (JSON-LD is data), inline CSS, readable without JavaScript. The dashboard's preview renders
 * through this same function. Every word of chrome comes from the message catalog through `t`
 * (messages/en.ts); what the tenant wrote is shown as written, never translated.
 */
export type PageMeta = {
  base: string; // "/t/acme" (or "" on the tenant's own host)
  canonicalUrl: string;
  seq: number;
  hash: string;
  publishedAt: Date;
  today: Date;
  /** The language of the chrome, and its translator (the same language). */
  locale: Locale;
  t: Translate;
  /** The language this rendering was made for by name (`page@{lang}`), kept in links to the prospect pages; absent for the default one. */
  named?: Locale | null;
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

function granteeBanner(grantee: GranteeMeta, { t, locale }: Chrome) {
  return html`<div class="grantee" role="status"><div class="wrap"><span>${tHtml(t, "grantee.signedInAs", {}, { email: html`<strong>${grantee.email}</strong>` })}</span><span>${tHtml(t, "grantee.until", {}, { date: dayTime(locale, grantee.until) })}</span>${grantee.certificateUrl ? html`<a href="${grantee.certificateUrl}">${t("grantee.certificate")}</a>` : ""}${grantee.downloadsUrl ? html`<a href="${grantee.downloadsUrl}">${t("grantee.downloads")}</a>` : ""}<form method="post" action="${grantee.signOutUrl}"><button type="submit">${t("grantee.signOut")}</button></form></div></div>`;
}

export const badge = (value: string, text: string) => html`<span class="badge b-${value}">${text}</span>`;

/**
 * Autodiscovery (issue 16): feed readers and crawlers find the Atom feed and the signed
 * trust.json from any of a trust center's pages. `base` is where the tenant's surfaces live.
 */
const alternates = (base: string, name: string, t: Translate) =>
  html`<link rel="alternate" type="application/atom+xml" title="${t("head.feedTitle", { name })}" href="${base}/feed.xml">
<link rel="alternate" type="application/json" title="${t("head.trustJsonTitle", { name })}" href="${base}/trust.json">`;

/** The accent for both schemes, computed to read at WCAG AA (contrast.ts). */
function accentCss(brand: string | null | undefined) {
  const a = accentColours(brand);
  return `:root{--accent:${a.light};--on-accent:${a.onLight};--brand:${a.light}}@media (prefers-color-scheme:dark){:root{--accent:${a.dark};--on-accent:${a.onDark}}}`;
}

export function layout(input: {
  title: string;
  description: string;
  brand?: string | null;
  head?: SafeHtml;
  body: SafeHtml;
  canonicalUrl?: string;
  robots?: string;
  alternates?: { base: string; name: string };
  /** The language of the chrome; English when a caller has not chosen one yet. */
  locale?: Locale;
  t?: Translate;
}) {
  const brand = input.brand && /^#[0-9a-f]{6}$/.test(input.brand) ? input.brand : null;
  const t = input.t ?? translator(input.locale ?? "en");
  return html`<!doctype html>
<html lang="${input.locale ?? "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title}</title>
<meta name="description" content="${input.description}">
${input.canonicalUrl ? html`<link rel="canonical" href="${input.canonicalUrl}">` : ""}
${input.robots ? html`<meta name="robots" content="${input.robots}">` : ""}
${input.alternates ? alternates(input.alternates.base, input.alternates.name, t) : ""}
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<style>${safe(PUBLIC_CSS)}${safe(accentCss(brand))}</style>
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
      name: meta.t("page.title", { name: org.name }),
      inLanguage: meta.locale,
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
function responseLine(policy: NonNullable<PublicView["disclosure"]>, t: Translate) {
  if (policy.responseWithin && policy.responseUnit) return html`<li>${t("disclosure.responseWithin", { count: policy.responseWithin, unit: policy.responseUnit })}</li>`;
  return policy.responseTime ? html`<li>${t("disclosure.responseTime")} ${policy.responseTime}</li>` : "";
}

export function expired(periodEnd: string | null, today: Date) {
  return periodEnd !== null && new Date(`${periodEnd}T23:59:59.999Z`) < today;
}

export type Section = (view: PublicView, meta: PageMeta) => SafeHtml | string;

// Never link to what does not exist: the disclosure section only when there is a way to report,
// security.txt only when its route would serve it today (issue 10, item 7).
export const canReport = (view: PublicView) => Boolean(view.disclosure || view.organization.securityContactEmail);
/** Request access: only when something is shared under NDA to request (issue 15). */
export const canRequest = (view: PublicView) => view.documents.some((d) => d.access === "nda");
const securityTxtLink = (view: PublicView, meta: PageMeta) => (securityTxtExpires(view, meta.today) ? html`<a href="${meta.base}/.well-known/security.txt">security.txt</a>` : null);
const link = (url: string, text: string) => html`<a href="${safeUrl(url)}" rel="nofollow noopener noreferrer">${text}</a>`;

/** The page's sections with content, in order: the sticky menu links exactly these. */
export function navItems(view: PublicView, t: Translate): [string, string][] {
  const items: [string, string, boolean][] = [
    ["controls", t("nav.controls"), view.controls.coverage.total > 0],
    ["certifications", t("nav.certifications"), view.frameworks.length > 0],
    ["subprocessors", t("nav.subprocessors"), view.subprocessors.length > 0],
    ["documents", t("nav.documents"), view.documents.length > 0],
    ["reviews", t("nav.reviews"), view.reviews.length > 0],
    ["faq", t("nav.faq"), view.faqs.length > 0],
    ["updates", t("nav.updates"), view.updates.length > 0],
    ["disclosure", t("nav.disclosure"), canReport(view)],
  ];
  return items.filter(([, , show]) => show).map(([id, text]) => [id, text]);
}

const top: Section = (view, meta) => {
  const nav = navItems(view, meta.t);
  return html`<a class="skip" href="#main">${meta.t("nav.skip")}</a>${meta.preview ? html`<div class="preview" role="status">${meta.t("preview.banner")}</div>` : ""}${meta.grantee ? granteeBanner(meta.grantee, meta) : ""}
${hero(view, meta)}
${nav.length ? html`<nav aria-label="${meta.t("nav.label")}" class="toc"><div class="wrap"><ul>${nav.map(([id, text]) => html`<li><a href="#${id}">${text}</a></li>`)}</ul></div></nav>` : ""}`;
};

const overview: Section = ({ organization: org }, { t }) =>
  org.overview.trim() ? html`<section aria-labelledby="overview"><h2 id="overview">${t("overview.heading")}</h2><div class="md">${markdownToHtml(org.overview, 2)}</div></section>` : "";

type PublicControl = PublicView["controls"]["domains"][number]["controls"][number];

const STATUS_KEYS = {
  IMPLEMENTED: "control.status.implemented",
  IN_PROGRESS: "control.status.inProgress",
  PLANNED: "control.status.planned",
  NOT_APPLICABLE: "control.status.notApplicable",
} as const;
const EVIDENCE_KEYS = { CODE: "evidence.code", CONFIG: "evidence.config", TEST: "evidence.test", DOCUMENT: "evidence.document", REPORT: "evidence.report", URL: "evidence.url" } as const;

function reviewLine(control: PublicControl, due: string | null, { t, locale }: Chrome) {
  const cadence = control.reviewCadenceDays;
  if (control.lastReviewedAt) return html`<p class="meta">${tHtml(t, "control.reviewed", { cadence }, { date: dayTime(locale, control.lastReviewedAt) })}</p>`;
  if (due) return html`<p class="meta">${tHtml(t, "control.firstReviewDue", { cadence }, { date: dayTime(locale, due) })}</p>`;
  return html`<p class="meta">${t("control.notReviewed")}</p>`;
}

function controlCard(control: PublicControl, meta: PageMeta) {
  const { t } = meta;
  const due = reviewDueOn(control);
  const stale = control.status !== "NOT_APPLICABLE" && (due === null || due <= isoDay(meta.today));
  return html`<li class="card control" id="control-${control.ref}" data-status="${control.status}">
<div class="card-head">${icon(control.icon)}<h4><span class="ref">${control.ref}</span> ${control.title}</h4></div>
<p class="badges">${badge(control.status, t(STATUS_KEYS[control.status]))}${stale ? html` ${badge("due", t("control.needsReview"))}` : ""}</p>
${control.description ? html`<div class="md">${markdownToHtml(control.description, 4)}</div>` : ""}
${control.evidence.length ? html`<ul class="evidence" aria-label="${t("control.evidenceFor", { ref: control.ref })}">${control.evidence.map((e) => html`<li>${t(EVIDENCE_KEYS[e.kind])}: ${e.label} — ${/^https?:\/\//.test(e.target) ? link(e.target, e.target) : html`<code>${e.target}</code>`}</li>`)}</ul>` : ""}
${reviewLine(control, due, meta)}
</li>`;
}

type Domain = PublicView["controls"]["domains"][number];

function domainDetails(domain: Domain, index: number, meta: PageMeta) {
  const implemented = domain.controls.filter((c) => c.status === "IMPLEMENTED").length;
  return html`<details class="area" id="area-${index + 1}"><summary><h3>${domain.name}</h3><span class="meta">${meta.t("controls.areaCounts", { count: domain.controls.length, implemented })}</span></summary>
<ul class="cards">${domain.controls.map((control) => controlCard(control, meta))}</ul></details>`;
}

const controls: Section = (view, meta) => {
  const c = view.controls.coverage;
  const { t, locale } = meta;
  if (c.total === 0) return "";
  const stat = (n: number | string, label: string) => html`<li><span class="n">${typeof n === "number" ? formatNumber(locale, n) : n}</span><span class="l">${label}</span></li>`;
  return html`<section aria-labelledby="controls"><h2 id="controls">${t("controls.heading")}</h2>
<ul class="stats" aria-label="${t("controls.byStatus")}">
${stat(c.total, t("controls.total"))}${stat(c.IMPLEMENTED, t("control.status.implemented"))}${stat(c.IN_PROGRESS, t("control.status.inProgress"))}${stat(c.PLANNED, t("control.status.planned"))}${c.NOT_APPLICABLE ? stat(c.NOT_APPLICABLE, t("control.status.notApplicable")) : ""}${stat(c.percent === null ? "—" : t("controls.percent", { percent: c.percent }), t("controls.coverageLabel"))}
</ul>
<p class="meta">${t("controls.coverageRule", { total: c.total, implemented: c.IMPLEMENTED, applicable: c.applicable })}</p>
${statusFilter(c, meta)}
${view.controls.domains.map((domain, index) => domainDetails(domain, index, meta))}
${iconSprite(view.controls.domains.flatMap((d) => d.controls.map((control) => control.icon ?? "")))}
</section>`;
};

type PublicFramework = PublicView["frameworks"][number];

/** "Q3 2027": a target is a plan, shown by its quarter, never as a validity end. */
export function quarter(iso: string, t: Translate) {
  return t("cert.quarter", { quarter: Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1, year: iso.slice(0, 4) });
}

/** The look a certification's status takes (issue 15): valid, in progress, expired, inherited, not pursued, aligned. */
export type CertState = "valid" | "progress" | "expired" | "inherited" | "notPursued" | "aligned";

export function certState(f: PublicFramework, today: Date): CertState {
  if (f.status === "CERTIFIED") return expired(f.periodEnd, today) ? "expired" : "valid";
  if (f.status === "IN_PROGRESS" || f.status === "PLANNED") return "progress";
  if (f.status === "INHERITED") return "inherited";
  if (f.status === "NOT_PURSUED") return "notPursued";
  return "aligned";
}

/** A certification's status in words: expired past its end, inherited with its provider, a target as a target (a quarter, never a validity). */
export function certStatusText(f: PublicFramework, meta: Chrome & { today: Date }): SafeHtml {
  const { t, locale } = meta;
  const state = certState(f, meta.today);
  switch (state) {
    case "valid":
      return f.periodEnd ? tHtml(t, "cert.validUntil", {}, { date: dayTime(locale, f.periodEnd) }) : safe(escapeHtml(t("cert.valid")));
    case "expired":
      return tHtml(t, "cert.expired", {}, { date: dayTime(locale, f.periodEnd) });
    case "inherited":
      return safe(escapeHtml(f.inheritedFrom ? t("cert.inheritedFrom", { provider: f.inheritedFrom }) : t("cert.inherited")));
    case "notPursued":
      return safe(escapeHtml(t("cert.notPursued")));
    case "aligned":
      return safe(escapeHtml(t("cert.aligned")));
    case "progress": {
      const target = f.targetDate ? html`<time datetime="${f.targetDate}">${quarter(f.targetDate, t)}</time>` : "";
      return tHtml(t, f.status === "PLANNED" ? "cert.planned" : "cert.inProgress", { hasTarget: target ? "yes" : "no" }, { date: target });
    }
  }
}

function frameworkPeriod(f: PublicFramework, { t, locale }: Chrome) {
  const period = f.periodStart || f.periodEnd ? html`${dayTime(locale, f.periodStart)} – ${dayTime(locale, f.periodEnd)}` : "—";
  return html`${period}${f.lastAuditedAt ? html`<br><span class="meta">${tHtml(t, "cert.lastAudit", {}, { date: dayTime(locale, f.lastAuditedAt) })}</span>` : ""}`;
}

const frameworks: Section = (view, meta) => {
  const { t } = meta;
  if (!view.frameworks.length) return "";
  return html`<section aria-labelledby="certifications"><h2 id="certifications">${t("cert.heading")}</h2>
<div class="scroll" role="region" tabindex="0" aria-label="${t("cert.tableLabel")}"><table class="table"><thead><tr><th scope="col">${t("cert.col.framework")}</th><th scope="col">${t("cert.col.status")}</th><th scope="col">${t("cert.col.auditor")}</th><th scope="col">${t("cert.col.period")}</th><th scope="col">${t("cert.col.note")}</th></tr></thead><tbody>
${view.frameworks.map(
  (f) => html`<tr><th scope="row">${f.reportUrl ? link(f.reportUrl, f.name) : f.name}</th>
<td data-label="${t("cert.col.status")}"><span class="badge b-c-${certState(f, meta.today)}">${certStatusText(f, meta)}</span></td>
<td data-label="${t("cert.col.auditor")}">${f.auditor ?? "—"}</td><td data-label="${t("cert.col.period")}">${frameworkPeriod(f, meta)}</td><td class="md" data-label="${t("cert.col.note")}">${markdownToHtml(f.note, 2)}</td></tr>`,
)}
</tbody></table></div></section>`;
};

/** Announced changes still ahead of the publication's day, each with its way to object (ADR 031). */
function upcoming(view: PublicView, meta: PageMeta) {
  const { t, locale } = meta;
  const ahead = (view.upcomingChanges ?? []).filter((c) => c.effectiveOn > isoDay(meta.publishedAt));
  if (!ahead.length) return "";
  return html`<h3 id="upcoming-changes">${t("sub.upcoming")}</h3>
<ul class="upcoming">${ahead.map(
    (c) => html`<li><strong>${c.vendor}</strong>: ${c.summary}. ${tHtml(t, "sub.effective", {}, { date: dayTime(locale, c.effectiveOn) })}${c.urgent && c.reason ? html` <span class="badge b-urgent">${t("sub.urgent")}</span> ${t("sub.why", { reason: c.reason })}` : ""} <a href="${withNamedLanguage(`${meta.base}/subprocessors/object?change=${c.id}`, meta.named)}">${t("sub.object")}</a></li>`,
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

const SUB_STATUS_KEYS = { ACTIVE: "sub.status.active", PLANNED: "sub.status.planned", REMOVED: "sub.status.removed" } as const;

function subprocessorRow({ s, depth }: { s: PublicSubprocessor; depth: number }, { t, locale }: Chrome) {
  return html`<tr${depth ? html` class="sub"` : ""}><th scope="row">${depth ? html`<span class="meta">${s.parent} ›</span> ` : ""}${s.website ? link(s.website, s.vendor) : s.vendor}</th><td data-label="${t("sub.col.purpose")}">${s.purpose}</td><td data-label="${t("sub.col.data")}">${s.dataCategories || "—"}${s.dataRetention ? html`<br><span class="meta">${t("sub.retention", { retention: s.dataRetention })}</span>` : ""}</td><td data-label="${t("sub.col.location")}">${s.location}</td><td data-label="${t("sub.col.transfer")}">${s.transferMechanism ?? "—"}</td>
<td data-label="${t("sub.col.status")}">${badge(s.status, t(SUB_STATUS_KEYS[s.status]))}${s.status === "PLANNED" && s.effectiveDate ? html` ${tHtml(t, "sub.from", {}, { date: dayTime(locale, s.effectiveDate) })}` : ""}${s.since ? html`<br><span class="meta">${tHtml(t, "sub.since", {}, { date: dayTime(locale, s.since) })}</span>` : ""}</td></tr>`;
}

/** The notice promised before a new or changed subprocessor takes effect (ADR 031), when there is one. */
const noticeLine = (days: number | undefined, t: Translate) => (days ? html`<p class="meta">${t("sub.notice", { days })}</p>` : "");

const subprocessors: Section = (view, meta) => {
  const { t, locale } = meta;
  if (!view.subprocessors.length) return "";
  const active = view.subprocessors.filter((s) => s.status !== "REMOVED");
  const removed = view.subprocessors.filter((s) => s.status === "REMOVED");
  return html`<section aria-labelledby="subprocessors"><h2 id="subprocessors">${t("sub.heading")}</h2>
<p class="meta">${t("sub.intro")}</p>
${noticeLine(view.organization.subprocessorNoticeDays, t)}
${active.length ? html`<div class="scroll" role="region" tabindex="0" aria-label="${t("sub.tableLabel")}"><table class="table"><thead><tr><th scope="col">${t("sub.col.vendor")}</th><th scope="col">${t("sub.col.purpose")}</th><th scope="col">${t("sub.col.data")}</th><th scope="col">${t("sub.col.location")}</th><th scope="col">${t("sub.col.transfer")}</th><th scope="col">${t("sub.col.status")}</th></tr></thead><tbody>
${nested(active).map((row) => subprocessorRow(row, meta))}
</tbody></table></div>` : ""}
${upcoming(view, meta)}
${removed.length ? html`<h3>${t("sub.noLongerUsed")}</h3><ul>${removed.map((s) => html`<li>${tHtml(t, "sub.removedLine", { vendor: s.vendor, purpose: s.purpose }, { date: dayTime(locale, s.removedAt) })}</li>`)}</ul>` : ""}
</section>`;
};

/**
 * An NDA document: the same "Request access" link for every visitor (the stored page is one
 * artifact for all), or, on a grantee's own page, the download their grant covers.
 */
function ndaLine(id: string, meta: PageMeta) {
  if (meta.grantee?.unlocked(id)) return html`<p><a href="${meta.base}/access/documents/${id}">${meta.t("doc.download")}</a> <span class="meta">${meta.t("doc.sharedWithYou")}</span></p>`;
  return html`<p class="meta">${tHtml(meta.t, "doc.underNda", {}, { link: html`<a href="${withNamedLanguage(`${meta.base}/access`, meta.named)}">${meta.t("actions.requestAccess")}</a>` })}</p>`;
}

const documents: Section = (view, meta) => {
  const { t, locale } = meta;
  if (!view.documents.length) return "";
  return html`<section aria-labelledby="documents"><h2 id="documents">${t("doc.heading")}</h2><ul class="docs">
${view.documents.map(
  (d) => html`<li class="card"><strong>${d.title}</strong>${d.category ? html` <span class="meta">· ${d.category}</span>` : ""}${d.version.label ? html` <span class="meta">· ${d.version.label}</span>` : ""}${d.version.effectiveDate ? html` <span class="meta">· ${tHtml(t, "doc.effective", {}, { date: dayTime(locale, d.version.effectiveDate) })}</span>` : ""}
${d.description ? html`<div class="md">${markdownToHtml(d.description, 2)}</div>` : ""}
${d.access === "public" && d.version.file
  ? html`<p><a href="${meta.base}/documents/${d.id}/${d.version.number}">${t("doc.downloadFile", { file: d.version.file.name })}</a> <span class="meta">(${formatBytes(d.version.file.size)}, SHA-256 <code>${d.version.file.sha256.slice(0, 16)}…</code>)</span></p>`
  : ndaLine(d.id, meta)}
</li>`,
)}
</ul></section>`;
};

type PublicReview = PublicView["reviews"][number];
const RESULT_KEYS = { PASS: "review.result.pass", PARTIAL: "review.result.partial", FAIL: "review.result.fail", NOT_APPLICABLE: "review.result.notApplicable" } as const;

function reviewItem(item: PublicReview["items"][number], t: Translate) {
  return html`<tr><td class="ref">${item.ref}</td><td data-label="${t("review.col.question")}">${item.question}<br><span class="meta">${item.area}</span></td><td data-label="${t("review.col.result")}">${item.result ? badge(item.result, t(RESULT_KEYS[item.result])) : badge("unanswered", t("review.open"))}</td>
<td class="md" data-label="${t("review.col.evidence")}">${markdownToHtml(item.evidence, 2)}${item.finding ? html`<p><strong>${t("review.finding")}</strong></p>${markdownToHtml(item.finding, 2)}` : ""}${item.resolution === "REMEDIATED" ? html`<p>${item.remediationUrl ? html`${t("review.remediatedBy")} ${link(item.remediationUrl, t("review.theFix"))}` : t("review.remediated")}</p>` : ""}${item.resolution === "ACCEPTED" ? html`<p><strong>${t("review.accepted")}</strong></p>${markdownToHtml(item.rationale, 2)}` : ""}</td></tr>`;
}

/** A review, closed: its summary line carries the date and the pass / partial / fail counts. */
function reviewDetails(review: PublicReview, { t, locale }: Chrome) {
  const counts = { PASS: 0, PARTIAL: 0, FAIL: 0, NOT_APPLICABLE: 0 } as Record<string, number>;
  for (const item of review.items) if (item.result) counts[item.result] = (counts[item.result] ?? 0) + 1;
  const template = (REVIEW_TEMPLATES as Record<string, { name: string }>)[review.template]?.name ?? review.template;
  return html`<details><summary>${review.title} — ${dayTime(locale, review.reviewedAt)} <span class="meta">(${template}; ${t("review.counts", { pass: counts.PASS!, partial: counts.PARTIAL!, fail: counts.FAIL! })})</span></summary>
${review.summary ? html`<div class="md">${markdownToHtml(review.summary, 2)}</div>` : ""}
<div class="scroll" role="region" tabindex="0" aria-label="${t("review.tableLabel", { title: review.title })}"><table class="table"><thead><tr><th scope="col">${t("review.col.ref")}</th><th scope="col">${t("review.col.question")}</th><th scope="col">${t("review.col.result")}</th><th scope="col">${t("review.col.evidence")}</th></tr></thead><tbody>
${review.items.map((item) => reviewItem(item, t))}
</tbody></table></div></details>`;
}

const reviews: Section = (view, meta) =>
  view.reviews.length
    ? html`<section aria-labelledby="reviews"><h2 id="reviews">${meta.t("review.heading")}</h2>
${view.reviews.map((review) => reviewDetails(review, meta))}
</section>`
    : "";

/** Tenant sections; one marked as a comparison shows its tables as a comparison (issue 15). Empty ones are hidden. */
const sections: Section = (view) =>
  html`${view.sections.map((section, index) =>
    section.body.trim()
      ? html`<section aria-labelledby="section-${index}"${section.comparison ? html` class="compare"` : ""}><h2 id="section-${index}">${section.title}</h2><div class="md">${markdownToHtml(section.body, 2, { comparison: section.comparison === true })}</div></section>`
      : "",
  )}`;

const faqs: Section = (view, { t }) =>
  view.faqs.length ? html`<section aria-labelledby="faq"><h2 id="faq">${t("faq.heading")}</h2>${view.faqs.map((faq) => html`<details><summary>${faq.question}</summary><div class="md">${markdownToHtml(faq.answer, 2)}</div></details>`)}</section>` : "";

const CATEGORY_KEYS = { GENERAL: "update.category.general", SECURITY: "update.category.security", INCIDENT: "update.category.incident", COMPLIANCE: "update.category.compliance", SUBPROCESSOR: "update.category.subprocessor" } as const;

const updates: Section = (view, meta) =>
  view.updates.length
    ? html`<section aria-labelledby="updates"><h2 id="updates">${meta.t("update.heading")}</h2>${view.updates.map(
        (u) => html`<article class="update"><h3>${u.title}</h3><p class="meta">${dayTime(meta.locale, u.publishedAt)} · ${meta.t(CATEGORY_KEYS[u.category])}</p><div class="md">${markdownToHtml(u.body, 3)}</div></article>`,
      )}<p class="meta"><a href="${meta.base}/feed.xml">${meta.t("update.feed")}</a></p></section>`
    : "";

function disclosurePolicy(policy: NonNullable<PublicView["disclosure"]>, securityTxt: SafeHtml | null, t: Translate) {
  return html`<div class="md">${markdownToHtml(policy.policy, 2)}</div>
<ul>
${policy.contacts.map((contact) => html`<li>${tHtml(t, "disclosure.contact", {}, { contact: html`<a href="${safeUrl(contact)}">${contact.replace(/^mailto:/, "")}</a>` })}</li>`)}
${responseLine(policy, t)}
${policy.encryptionUrl ? html`<li><a href="${safeUrl(policy.encryptionUrl)}">${t("disclosure.encryptionKey")}</a></li>` : ""}
${policy.acknowledgmentsUrl ? html`<li><a href="${safeUrl(policy.acknowledgmentsUrl)}">${t("disclosure.acknowledgments")}</a></li>` : ""}
<li>${policy.bugBounty ? (policy.bugBountyUrl ? tHtml(t, "disclosure.bugBountyLink", {}, { link: html`<a href="${safeUrl(policy.bugBountyUrl)}">${t("disclosure.programme")}</a>` }) : t("disclosure.bugBounty")) : t("disclosure.noBugBounty")}</li>
${securityTxt ? html`<li>${tHtml(t, "disclosure.machineReadable", {}, { link: securityTxt })}</li>` : ""}
</ul>
${policy.safeHarbor ? html`<h3>${t("disclosure.safeHarbour")}</h3><div class="md">${markdownToHtml(policy.safeHarbor, 3)}</div>` : ""}`;
}

const disclosure: Section = (view, meta) => {
  const org = view.organization;
  const { t } = meta;
  return html`<section aria-labelledby="disclosure"><h2 id="disclosure">${t("nav.disclosure")}</h2>
${view.disclosure ? disclosurePolicy(view.disclosure, securityTxtLink(view, meta), t) : ""}
${org.securityContactEmail ? html`<p>${tHtml(t, "disclosure.securityContact", {}, { email: html`<a href="mailto:${org.securityContactEmail}">${org.securityContactEmail}</a>` })}</p>` : view.disclosure ? "" : html`<p>${t("disclosure.noContact", { name: org.name })}</p>`}
</section>`;
};

const footer: Section = (view, meta) => {
  const { t, locale } = meta;
  const securityTxt = securityTxtLink(view, meta);
  const when = html`<time datetime="${meta.publishedAt.toISOString()}">${longMinute(locale, meta.publishedAt)} UTC</time>`;
  return html`<footer class="bottom wrap">
<p>${meta.preview ? t("footer.preview", { seq: meta.seq }) : tHtml(t, "footer.publication", { seq: meta.seq }, { date: when })} SHA-256 <code>${meta.hash}</code></p>
<p class="links"><a href="${meta.base}/changelog">${t("footer.changelog")}</a> <a href="${meta.base}/verify">${t("footer.verify")}</a> <a href="${meta.base}/trust.json">trust.json</a> <a href="${meta.base}/feed.xml">${t("footer.feed")}</a>${securityTxt ? html` ${securityTxt}` : ""}</p>
<p>${t("footer.hosted")}</p>
</footer>`;
};

/**
 * "Subscribe to updates" (issue 13, ADR 030): a plain form to the host's /subscribe, double
 * opt-in. The same markup for every visitor, so the stored page stays one artifact. The topic
 * values are the subscribers module's form values (SUBSCRIBE_TOPIC_FIELDS).
 */
const SUBSCRIBE_TOPICS = [
  ["security", "subscribe.topic.security"],
  ["subprocessors", "subscribe.topic.subprocessors"],
  ["certifications", "subscribe.topic.certifications"],
  ["general", "subscribe.topic.general"],
] as const;

const subscribe: Section = (_view, { base, t, named }) =>
  html`<section aria-labelledby="subscribe" class="subscribe-box"><h2 id="subscribe">${t("subscribe.heading")}</h2>
<p>${t("subscribe.intro")}</p>
<form class="subscribe" method="post" action="${withNamedLanguage(`${base}/subscribe`, named)}">
<p><label for="subscribe-email">${t("subscribe.email")}</label> <input type="email" id="subscribe-email" name="email" autocomplete="email" required maxlength="254"></p>
<fieldset><legend>${t("subscribe.topics")}</legend>
<label><input type="checkbox" name="topics" value="all" checked> ${t("subscribe.topic.all")}</label>
${SUBSCRIBE_TOPICS.map(([value, key]) => html`<label><input type="checkbox" name="topics" value="${value}"> ${t(key)}</label>`)}
</fieldset>
<p class="hp" aria-hidden="true"><label for="subscribe-website">${t("subscribe.honeypot")}</label> <input type="text" id="subscribe-website" name="website" tabindex="-1" autocomplete="off"></p>
<p><button type="submit">${t("subscribe.button")}</button></p>
</form></section>`;

/** The sections of <main>, in page order. */
const MAIN: Section[] = [overview, controls, frameworks, subprocessors, documents, reviews, sections, faqs, updates, subscribe, disclosure];

export function renderTrustPage(view: PublicView, meta: PageMeta): string {
  const org = view.organization;
  const main = MAIN.map((section) => section(view, meta));
  const body = html`
${top(view, meta)}
<main id="main" class="wrap">
${main.map((part, index) => html`${index ? "\n\n" : ""}${part}`)}
</main>
${footer(view, meta)}`;

  return layout({
    title: meta.t("page.title", { name: org.name }),
    description: meta.t("page.description", { name: org.name }),
    brand: org.brandColor,
    canonicalUrl: meta.preview ? undefined : meta.canonicalUrl,
    robots: meta.preview ? "noindex" : undefined,
    alternates: meta.preview ? undefined : { base: meta.base, name: org.name },
    head: meta.grantee ? html`${jsonLd(view, meta)}<style>${safe(GRANTEE_CSS)}</style>` : jsonLd(view, meta),
    body,
    locale: meta.locale,
    t: meta.t,
  });
}

/** The honest page for an organisation that has not published, or took its page offline. */
export function renderUnpublished(input: { name: string | null; offline: boolean; base: string; locale: Locale; t: Translate }) {
  const { t } = input;
  return layout({
    title: t(input.offline ? "unpublished.offlineTitle" : "unpublished.noneTitle"),
    description: t("unpublished.description"),
    robots: "noindex",
    locale: input.locale,
    t,
    body: html`<main class="wrap solo"><p class="eyebrow">${t("page.eyebrow")}</p>
<h1>${t(input.offline ? "unpublished.offlineHeading" : "unpublished.noneHeading")}</h1>
<p>${t(input.offline ? "unpublished.offlineBody" : "unpublished.noneBody")}</p>
${input.offline ? html`<p><a href="${input.base}/changelog">${t("unpublished.history")}</a></p>` : ""}
</main>`,
  });
}

export function renderNotFound(input: { locale: Locale; t: Translate }) {
  const { t } = input;
  return layout({
    title: t("notFound.title"),
    description: t("notFound.description"),
    robots: "noindex",
    locale: input.locale,
    t,
    body: html`<main class="wrap solo"><p class="eyebrow">404</p><h1>${t("notFound.heading")}</h1><p>${t("notFound.body")}</p></main>`,
  });
}
