import "server-only";

import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Published } from "@/modules/publishing/server/public";
import { listCertificationsInput, listDocumentsInput, listSubprocessorsInput, searchControlsInput, searchFaqsInput } from "../schema";
import { certificationsAnswer, controlsAnswer, documentsAnswer, faqsAnswer, subprocessorsAnswer, trustCenterAnswer, verificationAnswer, type Site } from "./answers";

/**
 * One MCP server per request (stateless, ADR 036) over one live publication: every tool reads
 * that publication's signed view (answers.ts), and verify_publication the organisation's chain.
 * All tools are read-only and closed-world: they touch nothing and fetch nothing.
 */
export const SERVER_VERSION = "1.0.0";
const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

function result(answer: Record<string, unknown>) {
  return { content: [{ type: "text" as const, text: JSON.stringify(answer, null, 2) }], structuredContent: answer };
}

export function mcpServerFor(publication: Published, site: Site, chain: () => Promise<Published[]>): McpServer {
  const name = publication.document.view?.organization.name ?? publication.slug;
  const server = new McpServer(
    { name: `candor-trust-center-${publication.slug}`, title: `${name} trust center`, version: SERVER_VERSION },
    {
      capabilities: { tools: {} },
      instructions:
        `Read-only answers from ${name}'s published, signed trust center (publication #${publication.seq}, SHA-256 ${publication.hash}). ` +
        "Every answer carries the publication's sequence number, hash and verify URL: cite them when you quote an answer. " +
        "Only what the vendor published is here; drafts, private items and documents shared under NDA are not.",
    },
  );
  server.registerTool(
    "get_trust_center",
    { title: "Trust center overview", description: `${name}'s overview, security contact, control coverage, the control areas and how many items of each kind are published.`, annotations: READ_ONLY },
    () => result(trustCenterAnswer(publication, site)),
  );
  server.registerTool(
    "search_controls",
    { title: "Search security controls", description: "List or search the published security controls by text, area and status; each with its public evidence and review dates.", inputSchema: searchControlsInput, annotations: READ_ONLY },
    (input) => result(controlsAnswer(publication, site, input)),
  );
  server.registerTool(
    "list_certifications",
    { title: "Certifications and frameworks", description: "The certifications and frameworks (SOC 2, ISO 27001, …) with status, auditor and audit period.", inputSchema: listCertificationsInput, annotations: READ_ONLY },
    (input) => result(certificationsAnswer(publication, site, input)),
  );
  server.registerTool(
    "list_subprocessors",
    { title: "Subprocessors", description: "The subprocessors: vendor, purpose, data categories, location, transfer mechanism and status.", inputSchema: listSubprocessorsInput, annotations: READ_ONLY },
    (input) => result(subprocessorsAnswer(publication, site, input)),
  );
  server.registerTool(
    "list_documents",
    { title: "Documents", description: "The published documents' metadata: public ones with their file's SHA-256 and download link, NDA ones as listed with where to request access.", inputSchema: listDocumentsInput, annotations: READ_ONLY },
    (input) => result(documentsAnswer(publication, site, input)),
  );
  server.registerTool(
    "search_faqs",
    { title: "Security FAQs", description: "List or search the published security FAQs.", inputSchema: searchFaqsInput, annotations: READ_ONLY },
    (input) => result(faqsAnswer(publication, site, input)),
  );
  server.registerTool(
    "verify_publication",
    { title: "Verify the publication", description: "Check the whole publication chain: hashes, canonical form, Ed25519 signatures and links, as the trust center's /verify page describes.", annotations: READ_ONLY },
    async () => result(verificationAnswer(publication, site, await chain())),
  );
  return server;
}
