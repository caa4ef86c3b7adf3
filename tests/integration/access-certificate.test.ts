// First: Next's request-scoped storage must exist before anything of Next loads (next-request.ts).
import { inRequestScope } from "../support/next-request";
import { createHash } from "node:crypto";
import { NextRequest } from "next/server";
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { GET as organisationGet } from "@/app/dashboard/[slug]/access/acceptances/[id]/certificate.pdf/route";
import { GET as granteeGet } from "@/app/t/[slug]/access/certificate/route";
import { GET as trustGet } from "@/app/t/[slug]/route";
import { certificatePdf } from "@/modules/access/server/certificate";
import { grantDetail, requestQueue } from "@/modules/access/server/dashboard";
import { submitAccessRequest, verifyAccessRequest } from "@/modules/access/server/requests";
import { revokeGrant } from "@/modules/access/server/review";
import { acceptNda, redeemAccessLink } from "@/modules/access/server/sessions";
import { publishNdaVersion } from "@/modules/access/server/settings";
import { withTenant } from "@/server/db/tenant";
import { accessWorld, auditOf, grantRow, publicCtx, requestInput, setSettings } from "../support/access";
import { getOn, type Visit } from "../support/access-routes";
import { drawnText } from "../support/pdf-text";
import { sessionFor } from "../support/tenant-world";

/**
 * The certificate of an NDA acceptance (issue 12, ADR 029 addendum E): a PDF that pdf-lib reads
 * back, with the requester, the version, the SHA-256 of the exact text (computed here from the
 * text), the IP as the organisation's setting kept it, and the text itself; for reviewers from the
 * dashboard and for the grantee, on their own host, of their own grant only.
 */
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const CLAUSES = Array.from({ length: 120 }, (_, i) => `Clause ${i + 1}. The recipient keeps everything it learns from the discloser confidential and uses it only to evaluate the discloser.`);
const NDA = `# Mutual NDA\n\n${CLAUSES.join("\n\n")}\n`;

type World = Awaited<ReturnType<typeof ndaWorld>>;
type Person = World["owner"];

async function ndaWorld(name: string, ipRecording: "FULL" | "TRUNCATED" | "NONE" = "FULL", markdown = NDA) {
  const w = await accessWorld(name);
  await setSettings(w, { ndaMode: "CLICK_THROUGH", ipRecording });
  const nda = await publishNdaVersion({ ctx: w.manager, input: { markdown } });
  return { ...w, nda };
}

/** A prospect who accepts the NDA with their request from `ip`, is approved by the world's rule, and opens a session on its host. */
async function acceptedBy(w: Awaited<ReturnType<typeof accessWorld>>, email: string, input: { nda?: { versionId: string; accepted: true }; fullName?: string; company?: string }, ip = "198.51.100.77") {
  const ctx = await publicCtx(w.org.slug, w.host, ip);
  const { token } = await submitAccessRequest({ ctx, input: requestInput(email, input) });
  const verified = await verifyAccessRequest({ ctx, token });
  if (verified.status !== "APPROVED") throw new Error("not approved by the rule");
  const { sessionToken } = await redeemAccessLink({ ctx, token: verified.linkToken });
  const acceptance = await withTenant({ orgId: w.org.id }, (tx) => tx.ndaAcceptance.findFirst({ where: { orgId: w.org.id, email }, select: { id: true } }));
  const visit: Visit = { host: w.host, slug: w.org.slug, ip, cookie: `candor-grantee=${sessionToken}` };
  return { email, ctx, sessionToken, grantId: verified.grantId, acceptanceId: acceptance?.id ?? null, visit };
}

const agreeing = (w: World) => ({ nda: { versionId: w.nda.id, accepted: true as const } });

async function organisationCopy(person: Person | null, slug: string, id: string) {
  const cookie = person ? `candor.session=${await sessionFor(person)}` : undefined;
  const url = `http://localhost:3000/dashboard/${slug}/access/acceptances/${encodeURIComponent(id)}/certificate.pdf`;
  const outcome = await inRequestScope({ cookie }, () => organisationGet(new NextRequest(url), { params: Promise.resolve({ slug, id }) }));
  if (!("returned" in outcome)) throw new Error(`redirected to ${outcome.redirect}`);
  return outcome.returned;
}

const granteeCopy = (visit: Visit, query = "") => granteeGet(getOn(visit, `/access/certificate${query}`), { params: Promise.resolve({ slug: visit.slug }) });
const pdfOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());

describe("the certificate's contents", () => {
  it("names the organisation, the requester, the version, the SHA-256 of the exact text, the time, the full IP and user agent, the ids, and prints the whole text across pages", async () => {
    const w = await ndaWorld("CertContents", "FULL");
    const g = await acceptedBy(w, "pat@prospect.example", agreeing(w));
    const response = await organisationCopy(w.editor, w.org.slug, g.acceptanceId!);
    expect(response.status).toBe(200);
    const pdf = await pdfOf(response);
    const doc = await PDFDocument.load(pdf);
    expect(doc.getTitle()).toBe(`Certificate of NDA acceptance ${g.acceptanceId}`);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(3);

    const text = drawnText(pdf).split("\n");
    const row = await withTenant({ orgId: w.org.id }, (tx) => tx.ndaAcceptance.findFirstOrThrow({ where: { id: g.acceptanceId! } }));
    for (const expected of [
      "Certificate of NDA acceptance",
      w.org.name,
      "pat@prospect.example",
      "Pat Buyer",
      "Prospect Inc",
      "Version 1",
      sha256(NDA),
      row.acceptedAt.toISOString(),
      "198.51.100.77",
      "Mozilla/5.0 (prospect)",
      g.acceptanceId!,
      g.grantId,
      row.requestId!,
      "The NDA as accepted (version 1)",
      "# Mutual NDA",
    ]) {
      expect(text, expected).toContain(expected);
    }
    // Every clause, the last one on a later page, wrapped into lines a page can hold.
    const body = text.join(" ");
    for (const clause of [CLAUSES[0]!, CLAUSES[59]!, CLAUSES[119]!]) expect(body).toContain(clause.split(" ").slice(0, 8).join(" "));
    expect(text).toContain(`Certificate of NDA acceptance ${g.acceptanceId} - page ${doc.getPageCount()} of ${doc.getPageCount()}`);
  });

  it("shows the IP as the organisation's setting kept it: its network only when truncated, nothing when not recorded", async () => {
    const w = await ndaWorld("CertIp", "TRUNCATED");
    const truncated = await acceptedBy(w, "trunc@prospect.example", agreeing(w), "198.51.100.77");
    await setSettings(w, { ndaMode: "CLICK_THROUGH", ipRecording: "NONE" });
    const none = await acceptedBy(w, "none@prospect.example", agreeing(w), "203.0.113.99");

    const truncatedText = drawnText(await pdfOf(await organisationCopy(w.owner, w.org.slug, truncated.acceptanceId!)));
    expect(truncatedText.split("\n")).toContain("198.51.100.0");
    expect(truncatedText).not.toContain("198.51.100.77");

    const noneText = drawnText(await pdfOf(await organisationCopy(w.owner, w.org.slug, none.acceptanceId!)));
    expect(noneText.split("\n")).toContain("not recorded (the organisation's setting)");
    expect(noneText).not.toContain("203.0.113");
  });

  it("draws HTML and script as plain text and never throws on non-ASCII: Latin-1 kept, accents outside the font reduced to their letter, the rest '?'", async () => {
    const markdown = "# Geheimhaltung\n\nGeheimhaltung für 5 Jahre → ✓ 秘密.\n\n<script>alert('nda')</script>\n";
    const w = await ndaWorld("CertHostile", "FULL", markdown);
    const g = await acceptedBy(w, "zoe@prospect.example", { ...agreeing(w), fullName: "<script>alert(1)</script> Zoë Erdős Łukasz 李\u202e", company: `"><img src=x onerror=alert(1)> Müller & Søn` });
    const response = await organisationCopy(w.owner, w.org.slug, g.acceptanceId!);
    expect(response.status).toBe(200);
    const pdf = await pdfOf(response);
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
    const text = drawnText(pdf).split("\n");
    expect(text).toContain("<script>alert(1)</script> Zoë Erdos ?ukasz ??");
    expect(text).toContain(`"><img src=x onerror=alert(1)> Müller & Søn`);
    expect(text).toContain("Geheimhaltung für 5 Jahre ? ? ??.");
    expect(text).toContain("<script>alert('nda')</script>");
    // The hash is of the text as accepted (UTF-8), not of what the font could draw.
    expect(text).toContain(sha256(markdown));
  });

  it("wraps a word longer than a line and odd user agents without throwing, and refuses to print a text under a hash it does not have", async () => {
    const ndaText = `${"x".repeat(5000)}\n\ttabbed 🙂 line\r\nend`;
    const data = {
      organisation: "Acme 🙂",
      acceptanceId: "00000000-0000-4000-8000-000000000001",
      requestId: null,
      grantId: null,
      email: "a@b.example",
      fullName: null,
      company: null,
      ndaVersion: 3,
      textSha256: sha256(ndaText),
      ndaText,
      acceptedAt: new Date("2026-12-01T10:00:00.000Z"),
      ipAddress: "2001:db8:1::",
      userAgent: `Bot/1.0 ${"(".repeat(400)}`,
    };
    const pdf = await certificatePdf(data, new Date("2026-12-02T00:00:00.000Z"));
    const text = drawnText(pdf).split("\n");
    expect(text).toContain("Acme ?");
    expect(text).toContain("none (accepted within a grant)");
    expect(text).toContain("    tabbed ? line");
    expect(text.filter((line) => /^x+$/.test(line)).join("")).toBe("x".repeat(5000));
    await expect(certificatePdf({ ...data, textSha256: sha256("another text") }, new Date())).rejects.toThrow(/does not match/);
  });
});

describe("the organisation's copy (dashboard)", () => {
  it("is a private PDF attachment for reviewers, audited; anonymous is sent to sign in, a viewer gets 403", async () => {
    const w = await ndaWorld("CertOrgGate");
    const g = await acceptedBy(w, "pat@prospect.example", agreeing(w));
    const response = await organisationCopy(w.editor, w.org.slug, g.acceptanceId!);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="nda-acceptance-${g.acceptanceId}.pdf"`);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const audit = await auditOf(w.org.id, "access.nda.certificate");
    expect(audit.map((e) => [e.targetId, e.actorEmail])).toEqual([[g.acceptanceId, w.editor.email]]);

    const anonymous = await organisationCopy(null, w.org.slug, g.acceptanceId!);
    expect([anonymous.status, anonymous.headers.get("location")]).toEqual([303, `http://localhost:3000/login?next=${encodeURIComponent(`/dashboard/${w.org.slug}/access/grants`)}`]);
    expect((await organisationCopy(w.viewer, w.org.slug, g.acceptanceId!)).status).toBe(403);
    expect(await auditOf(w.org.id, "access.nda.certificate")).toHaveLength(1);
  });

  it("is listed where reviewers see acceptances: the grant's screen and the request's row", async () => {
    const w = await ndaWorld("CertOrgLists");
    const g = await acceptedBy(w, "pat@prospect.example", agreeing(w));
    const reviewer = await w.as(w.editor, "access.review");
    const detail = await grantDetail({ ctx: reviewer, id: g.grantId });
    expect(detail.acceptances.map((a) => [a.id, a.ndaVersion, a.ipAddress, a.textSha256])).toEqual([[g.acceptanceId, 1, "198.51.100.77", sha256(NDA)]]);
    const queue = await requestQueue({ ctx: reviewer, query: { status: "approved", page: 1 } });
    expect(queue.requests.map((r) => [r.email, r.acceptanceId])).toEqual([["pat@prospect.example", g.acceptanceId]]);
  });

  it("is a 404 for another organisation's owner (under either slug) and for an id that is not one, never a 500", async () => {
    const w = await ndaWorld("CertOrgA");
    const other = await ndaWorld("CertOrgB");
    const g = await acceptedBy(w, "pat@prospect.example", agreeing(w));
    const onA = await organisationCopy(other.owner, w.org.slug, g.acceptanceId!);
    expect(onA.status).toBe(404);
    const onB = await organisationCopy(other.owner, other.org.slug, g.acceptanceId!);
    expect(onB.status).toBe(404);
    expect(await onB.text()).not.toContain("pat@prospect.example");
    for (const id of ["not-an-id", "00000000-0000-0000-0000-000000000000", `${g.acceptanceId}x`, "' OR 1=1 --"]) expect((await organisationCopy(w.owner, w.org.slug, id)).status, id).toBe(404);
    expect(await auditOf(other.org.id, "access.nda.certificate")).toEqual([]);
  });
});

describe("the grantee's copy (tenant host)", () => {
  it("gives a grantee their own newest acceptance, or one of theirs by id, private and as an attachment; their page links to it", async () => {
    const w = await ndaWorld("CertGrantee");
    const g = await acceptedBy(w, "pat@prospect.example", agreeing(w));
    const other = await acceptedBy(w, "sam@prospect.example", agreeing(w), "198.51.100.88");

    const response = await granteeCopy(g.visit);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("vary")).toBe("Cookie");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="nda-acceptance-${g.acceptanceId}.pdf"`);
    const text = drawnText(await pdfOf(response));
    expect(text).toContain("pat@prospect.example");
    expect(text).not.toContain("sam@prospect.example");

    expect((await granteeCopy(g.visit, `?id=${g.acceptanceId}`)).status).toBe(200);
    const notTheirs = await granteeCopy(g.visit, `?id=${other.acceptanceId}`);
    expect(notTheirs.status).toBe(404);
    expect(await notTheirs.text()).not.toContain("sam@prospect.example");
    expect((await granteeCopy(g.visit, "?id=not-an-id")).status).toBe(404);

    const page = await (await trustGet(getOn(g.visit, ""), { params: Promise.resolve({ slug: w.org.slug }) })).text();
    expect(page).toContain(`<a href="/access/certificate">NDA acceptance certificate (PDF)</a>`);
  });

  it("keeps the first acceptance's certificate while a new version is owed, then gives the newest by default and the first by id", async () => {
    const w = await ndaWorld("CertVersions");
    const g = await acceptedBy(w, "pat@prospect.example", agreeing(w));
    const v2text = "Version two of the NDA.\n";
    const v2 = await publishNdaVersion({ ctx: w.manager, input: { markdown: v2text, requireReacceptance: true } });
    expect(drawnText(await pdfOf(await granteeCopy(g.visit))).split("\n")).toContain("Version 1");

    await acceptNda({ ctx: g.ctx, sessionToken: g.sessionToken, input: { versionId: v2.id, accepted: true } });
    const newest = drawnText(await pdfOf(await granteeCopy(g.visit))).split("\n");
    expect(newest).toContain("Version 2");
    expect(newest).toContain(sha256(v2text));
    expect(newest).toContain(g.grantId);
    expect(newest).toContain("none (accepted within a grant)");
    expect(drawnText(await pdfOf(await granteeCopy(g.visit, `?id=${g.acceptanceId}`))).split("\n")).toContain("Version 1");
  });

  it("refuses, with the documents' 404 and nothing of the grantee, without a cookie, with a cookie on another organisation's host, after a revoke, and when there is no acceptance", async () => {
    const w = await ndaWorld("CertRefusedA");
    const b = await ndaWorld("CertRefusedB");
    const g = await acceptedBy(w, "pat@prospect.example", agreeing(w));

    const anonymous = await granteeCopy({ ...g.visit, cookie: undefined });
    expect(anonymous.status).toBe(404);
    expect(anonymous.headers.get("cache-control")).toBe("private, no-store");
    expect(await anonymous.text()).toContain("This document is not available to you.");

    const onB = await granteeCopy({ ...g.visit, host: b.host, slug: b.org.slug });
    expect(onB.status).toBe(404);
    const onBText = await onB.text();
    expect(onBText).toContain("This document is not available to you.");
    expect(onBText).not.toContain("pat@prospect.example");

    const grant = await grantRow(w.org.id, g.grantId);
    await revokeGrant({ ctx: await w.as(w.owner, "access.review"), input: { grantId: grant.id, version: grant.version } });
    const revoked = await granteeCopy(g.visit);
    expect(revoked.status).toBe(404);
    expect(await revoked.text()).toContain("This document is not available to you.");

    const plain = await accessWorld("CertNoNda");
    const p = await acceptedBy(plain, "pat@prospect.example", {});
    expect(p.acceptanceId).toBeNull();
    expect((await granteeCopy(p.visit)).status).toBe(404);
    const page = await (await trustGet(getOn(p.visit, ""), { params: Promise.resolve({ slug: plain.org.slug }) })).text();
    expect(page).toContain("Signed in as");
    expect(page).not.toContain("NDA acceptance certificate");
  });
});
