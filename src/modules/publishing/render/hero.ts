import type { PublicView } from "../view";
import { dayTime, formatNumber, longDay, tHtml } from "./format";
import { html } from "./html";
import { withNamedLanguage } from "./languages";
import { markdownToText } from "./markdown";
import { canReport, canRequest, certState, certStatusText, type PageMeta } from "./page";

/**
 * Above the fold (issue 15): who this is, one line about them, their certifications as badges
 * whose look follows their status, coverage at a glance, when the page was last published and
 * how to check it, and the actions a visitor can take — each shown only when it exists.
 */

/** The overview's first sentence, as plain words, at most ~180 characters: the one-line summary. */
export function summaryLine(overview: string): string {
  const text = markdownToText(overview);
  if (!text) return "";
  const sentence = /^(.{20,}?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
  if (sentence.length <= 180) return sentence;
  const cut = sentence.slice(0, 180);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), 120))}…`;
}

/** "v1.4.2, effective 1 April 2026" (issue 15), or whichever half is set. */
function pageVersion(org: PublicView["organization"], meta: PageMeta) {
  const { t, locale } = meta;
  const effective = org.pageEffectiveDate ? dayTime(locale, org.pageEffectiveDate) : "";
  if (!org.pageVersion && !effective) return "";
  const key = org.pageVersion && effective ? "hero.versionEffective" : org.pageVersion ? "hero.version" : "hero.effective";
  return html`<p class="meta version">${tHtml(t, key, { version: org.pageVersion ?? "" }, { date: effective })}</p>`;
}

const MAX_BADGES = 6;

function certBadges(view: PublicView, meta: PageMeta) {
  const { t } = meta;
  if (!view.frameworks.length) return "";
  const shown = view.frameworks.slice(0, MAX_BADGES);
  const more = view.frameworks.length - shown.length;
  return html`<ul class="certs" aria-label="${t("hero.certifications")}">${shown.map((f) => {
    const state = certState(f, meta.today);
    return html`<li class="cert c-${state}"><span class="dot" aria-hidden="true"></span><span><strong>${f.name}</strong> <span class="state">${certStatusText(f, meta)}</span></span></li>`;
  })}${more > 0 ? html`<li class="cert more"><a href="#certifications">${t("hero.moreCertifications", { count: more })}</a></li>` : ""}</ul>`;
}

function glance(view: PublicView, meta: PageMeta) {
  const c = view.controls.coverage;
  const { t, locale } = meta;
  if (c.total === 0) return "";
  const percent = c.percent ?? 0;
  return html`<div class="glance"><p><a href="#controls"><strong class="big">${c.percent === null ? "—" : t("controls.percent", { percent })}</strong></a> ${t("hero.coverage", { implemented: c.IMPLEMENTED, applicable: c.applicable })}</p>
<div class="bar" aria-hidden="true"><span style="width:${percent}%"></span></div>
<p class="meta detail">${t("hero.coverageDetail", { total: formatNumber(locale, c.total), inProgress: c.IN_PROGRESS, planned: c.PLANNED })}</p></div>`;
}

function actions(view: PublicView, meta: PageMeta) {
  const { t, base } = meta;
  const list = [
    canRequest(view) ? html`<a class="btn primary" href="${withNamedLanguage(`${base}/access`, meta.named)}">${t("actions.requestAccess")}</a>` : "",
    html`<a class="btn${canRequest(view) ? "" : " primary"}" href="#subscribe">${t("actions.subscribe")}</a>`,
    canReport(view) ? html`<a class="btn" href="#disclosure">${t("actions.report")}</a>` : "",
  ];
  return html`<p class="actions">${list}</p>`;
}

function published(meta: PageMeta) {
  const { t, locale } = meta;
  if (meta.preview) return html`<p class="meta">${t("hero.preview")}</p>`;
  const day = html`<time datetime="${meta.publishedAt.toISOString()}">${longDay(locale, meta.publishedAt.toISOString())}</time>`;
  return html`<p class="meta signed">${tHtml(t, "hero.lastPublished", {}, { date: day, link: html`<a href="${meta.base}/verify">${t("hero.verifyLink")}</a>` })}</p>`;
}

export function hero(view: PublicView, meta: PageMeta) {
  const org = view.organization;
  const summary = summaryLine(org.overview);
  const side = certBadges(view, meta);
  return html`<header class="hero"><div class="wrap">
<div class="intro"><div class="id">${org.logo ? html`<img src="${meta.logoUrl ?? `${meta.base}/assets/${org.logo.sha256}`}" alt="${meta.t("hero.logoAlt", { name: org.name })}">` : ""}<div><p class="eyebrow">${meta.t("page.eyebrow")}</p><h1${org.name.length > 40 ? html` class="long"` : ""}>${org.name}</h1>${pageVersion(org, meta)}</div></div>
${summary ? html`<p class="lead">${summary}</p>` : ""}
${glance(view, meta)}
${published(meta)}
${actions(view, meta)}</div>
${side ? html`<div class="side">${side}</div>` : ""}
</div></header>`;
}
