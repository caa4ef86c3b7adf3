import "server-only";

import type * as z from "zod";
import { verifyPublications } from "@/modules/publishing/chain";
import type { Published } from "@/modules/publishing/server/public";
import type { PublicView } from "@/modules/publishing/view";
import type { listCertificationsInput, listDocumentsInput, listSubprocessorsInput, searchControlsInput, searchFaqsInput } from "../schema";

/**
 * What each MCP tool answers, as plain data, from one publication's signed view: nothing here
 * reads a table, so nothing here can show a draft, a private item or an NDA item's contents
 * (the projection, publishing/server/projection.ts, already left them out; an NDA document is
 * listed as the trust page lists it: title, description, category, never its file).
 *
 * Every answer opens with `publication`: the sequence number and hash of the signed document the
 * answer was read from, and where to fetch and verify it, so an assistant can cite exactly what
 * the vendor signed.
 */
export type Site = { slug: string; page: string; appOrigin: string };
type Args<T extends z.ZodRawShape> = { [K in keyof T]?: z.infer<T[K]> };

export type Citation = {
  organization: string;
  seq: number;
  hash: string;
  publishedAt: string;
  signedDocumentUrl: string;
  verifyUrl: string;
};

export function citation(publication: Published, site: Site): Citation {
  return {
    organization: publication.document.view?.organization.name ?? publication.slug,
    seq: publication.seq,
    hash: publication.hash,
    publishedAt: publication.publishedAt.toISOString(),
    signedDocumentUrl: `${site.page}/trust.json?seq=${publication.seq}`,
    verifyUrl: `${site.page}/verify`,
  };
}

const DEFAULT_LIMIT = 50;

/** Every word of `query` appears, case-insensitively, in one of `fields`. No query: everything matches. */
export function matches(query: string | undefined, fields: (string | null | undefined)[]): boolean {
  const words = (query ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fields.filter(Boolean).join("\n").toLowerCase();
  return words.every((word) => haystack.includes(word));
}

function page<T>(items: T[], limit: number | undefined) {
  const shown = items.slice(0, limit ?? DEFAULT_LIMIT);
  return { total: items.length, returned: shown.length, items: shown };
}

function viewOf(publication: Published): PublicView {
  // The endpoint only builds tools over a live publication (one with a view); see endpoint.ts.
  return publication.document.view!;
}

export function trustCenterAnswer(publication: Published, site: Site) {
  const view = viewOf(publication);
  return {
    publication: citation(publication, site),
    organization: { name: view.organization.name, overview: view.organization.overview, securityContactEmail: view.organization.securityContactEmail, trustCenterUrl: site.page || "/" },
    controlCoverage: view.controls.coverage,
    counts: {
      controls: view.controls.domains.reduce((sum, area) => sum + area.controls.length, 0),
      certifications: view.frameworks.length,
      subprocessors: view.subprocessors.length,
      documents: view.documents.length,
      faqs: view.faqs.length,
    },
    areas: view.controls.domains.map((area) => area.name),
  };
}

export function controlsAnswer(publication: Published, site: Site, input: Args<typeof searchControlsInput>) {
  const view = viewOf(publication);
  const area = input.area?.toLowerCase();
  const found = view.controls.domains
    .filter((each) => !area || each.name.toLowerCase() === area)
    .flatMap((each) => each.controls.map((control) => ({ area: each.name, ...control })))
    .filter((control) => !input.status || control.status === input.status)
    .filter((control) => matches(input.query, [control.area, control.ref, control.title, control.description, ...control.evidence.map((e) => e.label)]));
  const { total, returned, items } = page(found, input.limit);
  return { publication: citation(publication, site), coverage: view.controls.coverage, areas: view.controls.domains.map((each) => each.name), total, returned, controls: items };
}

export function certificationsAnswer(publication: Published, site: Site, input: Args<typeof listCertificationsInput>) {
  const found = viewOf(publication)
    .frameworks.filter((framework) => !input.status || framework.status === input.status)
    .filter((framework) => matches(input.query, [framework.name, framework.auditor, framework.note]));
  return { publication: citation(publication, site), total: found.length, certifications: found };
}

export function subprocessorsAnswer(publication: Published, site: Site, input: Args<typeof listSubprocessorsInput>) {
  const found = viewOf(publication)
    .subprocessors.filter((subprocessor) => !input.status || subprocessor.status === input.status)
    .filter((subprocessor) => matches(input.query, [subprocessor.vendor, subprocessor.purpose, subprocessor.dataCategories, subprocessor.location, subprocessor.transferMechanism]));
  return { publication: citation(publication, site), total: found.length, subprocessors: found };
}

/** Public documents with their file and download link; NDA documents as listed, with where to ask for them. */
export function documentsAnswer(publication: Published, site: Site, input: Args<typeof listDocumentsInput>) {
  const found = viewOf(publication)
    .documents.filter((document) => matches(input.query, [document.title, document.description, document.category]))
    .map((document) => ({
      title: document.title,
      description: document.description,
      category: document.category,
      access: document.access,
      version: { number: document.version.number, label: document.version.label, effectiveDate: document.version.effectiveDate },
      ...(document.access === "public" && document.version.file
        ? { file: { ...document.version.file, downloadUrl: `${site.page}/documents/${document.id}/${document.version.number}` } }
        : { requestAccessUrl: `${site.page}/access` }),
    }));
  return { publication: citation(publication, site), total: found.length, documents: found };
}

export function faqsAnswer(publication: Published, site: Site, input: Args<typeof searchFaqsInput>) {
  const found = viewOf(publication).faqs.filter((faq) => matches(input.query, [faq.question, faq.answer]));
  const { total, returned, items } = page(found, input.limit);
  return { publication: citation(publication, site), total, returned, faqs: items };
}

/**
 * The whole chain checked as /verify and verify-candor.mjs check it (publishing/chain.ts):
 * canonical form, hashes, Ed25519 signatures, each link to the previous hash. `chain` is every
 * publication of the organisation, oldest first; `publication` the live one the answer cites.
 */
export function verificationAnswer(publication: Published, site: Site, chain: Published[]) {
  const result = verifyPublications(chain);
  // The chain read now must end in the publication this answer cites (a publication made in
  // between would make the citation stale, not wrong; say so rather than claim it verified).
  const problem = !result.ok
    ? { seq: result.seq, reason: result.reason }
    : chain.at(-1)?.hash !== publication.hash
      ? { seq: publication.seq, reason: "the chain's latest publication is not the one this answer cites" }
      : null;
  return {
    publication: citation(publication, site),
    verified: problem === null,
    checked: result.checked,
    chainLength: chain.length,
    ...(problem ? { problem } : {}),
    publicKey: publication.publicKey,
    checks: ["the SHA-256 of each publication's canonical bytes is its hash", "each document is in canonical form (RFC 8785)", "each Ed25519 signature verifies under the published key", "each publication names the previous one's hash, numbered from 1"],
    verifyYourself: { instructions: `${site.page}/verify`, script: `${site.appOrigin}/verify-candor.mjs` },
  };
}
