import { beforeAll, describe, expect, it, vi } from "vitest";
import { grantDetail } from "@/modules/access/server/dashboard";
import { verifyAccessRequest } from "@/modules/access/server/requests";
import { getItem, createItem } from "@/modules/content/server/crud";
import { createControl, getControl } from "@/modules/controls/server/controls";
import { getDocument } from "@/modules/documents/server/documents";
import { getReview } from "@/modules/reviews/server/reviews";
import { AppError } from "@/server/errors";
import { orNotFound } from "@/server/page-errors";
import { accessWorld, submit } from "../support/access";
import { addMember, contextFor, createOrg } from "../support/factories";

/**
 * The page boundary (src/server/page-errors.ts): a page that loads a row named by its URL answers
 * 404 for another tenant's id, an unknown id and an id that cannot be one, 403 for what the viewer
 * may see but not do, and lets every other failure through to the error page (never a false 404).
 * notFound() and forbidden() throw errors whose digest Next maps to the status.
 */
const NOT_FOUND = "NEXT_HTTP_ERROR_FALLBACK;404";
const FORBIDDEN = "NEXT_HTTP_ERROR_FALLBACK;403";
const digestOf = (promise: Promise<unknown>) => promise.then(() => "resolved", (error: { digest?: string }) => error.digest ?? error);

let a: Awaited<ReturnType<typeof createOrg>>;
let b: Awaited<ReturnType<typeof createOrg>>;
let bControlId: string;
let bFaqId: string;

beforeAll(async () => {
  // forbidden() is experimental: Next enables it from next.config's experimental.authInterrupts.
  vi.stubEnv("__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS", "true");
  a = await createOrg(undefined, "PageA");
  b = await createOrg(undefined, "PageB");
  bControlId = (await createControl({ ctx: b.ctx, input: { ref: "B-01", area: "Access", title: "Tenant B's control", description: "", status: "IMPLEMENTED", visibility: "PRIVATE" } })).id;
  bFaqId = (await createItem({ ctx: b.ctx, kind: "faqs", input: { question: "B's question?", answer: "B's answer.", visibility: "PRIVATE" } })).id;
});

describe("orNotFound at the page boundary", () => {
  it("hands a row the viewer may see to the screen, to a viewer too", async () => {
    const viewer = contextFor(await addMember(b.org.id, "VIEWER"), b.org, "VIEWER");
    const control = await orNotFound(getControl({ ctx: viewer, id: bControlId }));
    expect(control.title).toBe("Tenant B's control");
  });

  it("answers 404 to another tenant's ids, whatever the kind of row", async () => {
    expect(await digestOf(orNotFound(getControl({ ctx: a.ctx, id: bControlId })))).toBe(NOT_FOUND);
    expect(await digestOf(orNotFound(getItem({ ctx: a.ctx, kind: "faqs", id: bFaqId })))).toBe(NOT_FOUND);
    // The same id under another kind is no row either.
    expect(await digestOf(orNotFound(getItem({ ctx: b.ctx, kind: "updates", id: bFaqId })))).toBe(NOT_FOUND);
  });

  it("answers 404 to an unknown id and to an id that cannot be one, never a 500", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid", "1 OR 1=1", "<script>alert(1)</script>", "x".repeat(5_000), ""]) {
      expect(await digestOf(orNotFound(getControl({ ctx: a.ctx, id })))).toBe(NOT_FOUND);
      expect(await digestOf(orNotFound(getReview({ ctx: a.ctx, id })))).toBe(NOT_FOUND);
      expect(await digestOf(orNotFound(getDocument({ ctx: a.ctx, id })))).toBe(NOT_FOUND);
      expect(await digestOf(orNotFound(getItem({ ctx: a.ctx, kind: "frameworks", id })))).toBe(NOT_FOUND);
    }
  });

  it("answers 403 to forbidden, and lets every other failure through unchanged", async () => {
    expect(await digestOf(orNotFound(Promise.reject(new AppError("forbidden", "Not for you."))))).toBe(FORBIDDEN);
    const conflict = new AppError("conflict", "Someone else changed this.");
    await expect(orNotFound(Promise.reject(conflict))).rejects.toBe(conflict);
    const outage = new Error("connect ECONNREFUSED 127.0.0.1:5432");
    await expect(orNotFound(Promise.reject(outage))).rejects.toBe(outage);
  });
});

describe("the Access grant page (dashboard/[slug]/access/grants/[id])", () => {
  it("shows a reviewer their organisation's grant, and answers 404 to another organisation's grant id and to ids that cannot be one", async () => {
    const acme = await accessWorld("GrantPageA");
    const globex = await accessWorld("GrantPageB");
    const { token } = await submit(globex.pub, "pat@prospect.example");
    const verified = await verifyAccessRequest({ ctx: globex.pub, token });
    if (verified.status !== "APPROVED") throw new Error("the domain rule did not approve");
    const globexReviewer = await globex.as(globex.editor, "access.review");
    expect((await orNotFound(grantDetail({ ctx: globexReviewer, id: verified.grantId }))).grant.email).toBe("pat@prospect.example");
    const acmeReviewer = await acme.as(acme.owner, "access.review");
    for (const id of [verified.grantId, "00000000-0000-4000-8000-000000000000", "not-a-uuid", "<script>alert(1)</script>", "x".repeat(5_000), ""]) {
      expect(await digestOf(orNotFound(grantDetail({ ctx: acmeReviewer, id })))).toBe(NOT_FOUND);
    }
  });
});
