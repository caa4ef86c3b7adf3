import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import pg from "pg";
import { Webhook } from "standardwebhooks";
import { POST } from "@/app/api/webhooks/resend/route";
import { db } from "@/server/db/client";
import { resetEnvCache } from "@/server/env";

/**
 * POST /api/webhooks/resend (issue 13): Resend's bounce and complaint events, signed the Svix way
 * (Standard Webhooks under svix-* headers). Only a valid, fresh signature over the exact body is
 * acted on; every other cell answers 401 and records nothing.
 */
const SECRET = `whsec_${Buffer.from("a-secret-of-32-bytes-for-tests!!").toString("base64")}`;
const OTHER_SECRET = `whsec_${Buffer.from("another-secret-of-32-bytes-here!").toString("base64")}`;
let previous: string | undefined;
// The platform-wide list is emptied between cases by the owner (the application may not delete from it).
let owner: pg.Client;

beforeAll(async () => {
  owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await owner.connect();
  previous = process.env.RESEND_WEBHOOK_SECRET;
  process.env.RESEND_WEBHOOK_SECRET = SECRET;
  resetEnvCache();
});
afterAll(async () => {
  await owner.end();
  if (previous === undefined) delete process.env.RESEND_WEBHOOK_SECRET;
  else process.env.RESEND_WEBHOOK_SECRET = previous;
  resetEnvCache();
});
beforeEach(async () => {
  await owner.query(`DELETE FROM "EmailSuppression"`);
});

const bounced = (to: string, type = "Permanent") => JSON.stringify({ type: "email.bounced", created_at: "2026-12-03T10:00:00.000Z", data: { email_id: "e1", to: [to], bounce: { type, message: "550 no such user" } } });

function signed(body: string, options: { secret?: string; at?: Date; id?: string } = {}) {
  const id = options.id ?? "msg_2Lh9KRbNJ2v1";
  const at = options.at ?? new Date();
  const signature = new Webhook(options.secret ?? SECRET).sign(id, at, body);
  return { "svix-id": id, "svix-timestamp": String(Math.floor(at.getTime() / 1000)), "svix-signature": signature };
}

function post(body: string, headers: Record<string, string>) {
  return POST(new Request("http://localhost:3000/api/webhooks/resend", { method: "POST", headers: { "content-type": "application/json", ...headers }, body }));
}

const suppressed = async () => (await db.$queryRaw<{ email: string; reason: string }[]>`SELECT email, reason::text AS reason FROM "EmailSuppression" ORDER BY email`);

describe("the Resend webhook's signature", () => {
  it("valid: a hard bounce suppresses the address (lower-cased), once however often it is sent", async () => {
    const body = bounced("Gone@Example.com");
    const first = await post(body, signed(body));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ ok: true, suppressed: 1 });
    const again = await post(body, signed(body, { id: "msg_again" }));
    expect(again.status).toBe(200);
    expect(await suppressed()).toEqual([{ email: "gone@example.com", reason: "BOUNCE" }]);
    const [row] = (await owner.query<{ providerEventId: string }>(`SELECT "providerEventId" FROM "EmailSuppression"`)).rows;
    expect(row!.providerEventId).toBe("msg_2Lh9KRbNJ2v1");
  });

  it("valid: a complaint suppresses; a transient bounce and a delivered event do not", async () => {
    const complaint = JSON.stringify({ type: "email.complained", data: { to: ["angry@example.com"] } });
    expect((await post(complaint, signed(complaint))).status).toBe(200);
    const soft = bounced("full@example.com", "Transient");
    expect((await post(soft, signed(soft))).status).toBe(200);
    const delivered = JSON.stringify({ type: "email.delivered", data: { to: ["fine@example.com"] } });
    expect((await post(delivered, signed(delivered))).status).toBe(200);
    expect(await suppressed()).toEqual([{ email: "angry@example.com", reason: "COMPLAINT" }]);
  });

  it("signed with another secret: 401, nothing recorded", async () => {
    const body = bounced("x@example.com");
    const response = await post(body, signed(body, { secret: OTHER_SECRET }));
    expect(response.status).toBe(401);
    expect(await suppressed()).toEqual([]);
  });

  it("the body altered after signing: 401, nothing recorded", async () => {
    const body = bounced("x@example.com");
    const response = await post(bounced("victim@example.com"), signed(body));
    expect(response.status).toBe(401);
    expect(await suppressed()).toEqual([]);
  });

  it("a timestamp ten minutes old (a replay): 401, nothing recorded", async () => {
    const body = bounced("x@example.com");
    const response = await post(body, signed(body, { at: new Date(Date.now() - 10 * 60_000) }));
    expect(response.status).toBe(401);
    expect(await suppressed()).toEqual([]);
  });

  it("each header missing in turn, and none at all: 401, nothing recorded", async () => {
    const body = bounced("x@example.com");
    const headers = signed(body);
    for (const name of Object.keys(headers)) {
      const without = Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name));
      expect((await post(body, without)).status).toBe(401);
    }
    expect((await post(body, {})).status).toBe(401);
    expect(await suppressed()).toEqual([]);
  });

  it("no secret configured: 401 even for a body signed with the old one", async () => {
    delete process.env.RESEND_WEBHOOK_SECRET;
    resetEnvCache();
    try {
      const body = bounced("x@example.com");
      expect((await post(body, signed(body))).status).toBe(401);
    } finally {
      process.env.RESEND_WEBHOOK_SECRET = SECRET;
      resetEnvCache();
    }
    expect(await suppressed()).toEqual([]);
  });

  it("a body over 64 KiB: 413; a signed body that is not an event: 400; nothing recorded", async () => {
    const huge = JSON.stringify({ type: "email.bounced", data: { to: ["x@example.com"], pad: "x".repeat(70_000) } });
    expect((await post(huge, signed(huge))).status).toBe(413);
    const odd = JSON.stringify(["not", "an", "event"]);
    expect((await post(odd, signed(odd))).status).toBe(400);
    const html = JSON.stringify({ type: "email.bounced", data: { to: ["<script>alert(1)</script>"] } });
    expect((await post(html, signed(html))).status).toBe(200);
    expect(await suppressed()).toEqual([]);
  });
});
