import pg from "pg";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebhookScreen } from "@/modules/webhooks/components/webhook-screen";
import { setDestinationTestHooks } from "@/modules/webhooks/server/destination";
import { createEndpoint, deleteEndpoint, listDeliveries, redeliverEvent, sendTestEvent, updateEndpoint } from "@/modules/webhooks/server/endpoints";
import { AppError } from "@/server/errors";
import { elements, parseHtml, textOf } from "../support/html";
import { createOrg } from "../support/factories";

/**
 * The webhooks dashboard's domain functions and actions (ADR 032): who may use them, another
 * tenant's ids, malformed and oversized input, and what a hostile description or receiver
 * answer looks like on the page. Who may call the seven actions (a VIEWER gets 403, another
 * tenant 404, every action) is in action-authorization.test.ts and gate.test.ts.
 */
let owner: pg.Client;
const PUBLIC = "https://hooks.example.com/candor";

beforeAll(async () => {
  owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await owner.connect();
  // hooks.example.com resolves to a public address without the network; nothing is sent here.
  setDestinationTestHooks({ resolve: async () => [{ address: "93.184.215.14", family: 4 }] });
});
afterAll(async () => {
  setDestinationTestHooks(null);
  await owner.end();
});

async function code(promise: Promise<unknown>) {
  try {
    await promise;
    return "accepted";
  } catch (error) {
    if (error instanceof AppError) return `${error.code}: ${error.message}`;
    if (error instanceof Error && error.name === "ZodError") return `zod: ${JSON.parse(error.message).map((i: { path: string[] }) => i.path.join(".")).join(",")}`;
    throw error;
  }
}

describe("webhooks dashboard", () => {
  it("another tenant's endpoint and event ids are not found (404) for every function, and malformed ids too", async () => {
    const a = await createOrg(undefined, "Alpha");
    const b = await createOrg(undefined, "Beta");
    const { endpoint } = await createEndpoint({ ctx: a.ctx, input: { url: PUBLIC, events: ["publication.created"] } });
    const { eventId } = await sendTestEvent({ ctx: a.ctx, id: endpoint.id });
    expect(await code(listDeliveries({ ctx: b.ctx, endpointId: endpoint.id }))).toBe("not_found: No such webhook endpoint.");
    expect(await code(updateEndpoint({ ctx: b.ctx, id: endpoint.id, input: { url: PUBLIC, events: ["grant.revoked"], version: 1 } }))).toBe("not_found: No such webhook endpoint.");
    expect(await code(deleteEndpoint({ ctx: b.ctx, input: { id: endpoint.id, version: 1 } }))).toBe("not_found: No such webhook endpoint.");
    expect(await code(sendTestEvent({ ctx: b.ctx, id: endpoint.id }))).toBe("not_found: No such webhook endpoint.");
    const own = await createEndpoint({ ctx: b.ctx, input: { url: PUBLIC, events: ["publication.created"] } });
    expect(await code(redeliverEvent({ ctx: b.ctx, endpointId: own.endpoint.id, eventId }))).toBe("not_found: No such webhook endpoint or event.");
    expect(await code(listDeliveries({ ctx: a.ctx, endpointId: "../../etc/passwd" }))).toBe("not_found: No such webhook endpoint.");
    const { rows } = await owner.query(`SELECT events, version FROM "WebhookEndpoint" WHERE id = $1`, [endpoint.id]);
    expect(rows).toEqual([{ events: ["publication.created"], version: 1 }]);
  });

  it("refuses oversized and malformed input with field errors, never a 500", async () => {
    const { ctx } = await createOrg(undefined, "Limits");
    expect(await code(createEndpoint({ ctx, input: { url: `https://hooks.example.com/${"a".repeat(2000)}`, events: ["publication.created"] } }))).toBe("zod: url");
    expect(await code(createEndpoint({ ctx, input: { url: PUBLIC, description: "d".repeat(501), events: ["publication.created"] } }))).toBe("zod: description");
    expect(await code(createEndpoint({ ctx, input: { url: PUBLIC, events: ["everything.please"] } }))).toBe("zod: events.0");
    expect(await code(createEndpoint({ ctx, input: { url: PUBLIC, events: [] } }))).toBe("zod: events");
    expect(await code(createEndpoint({ ctx, input: { url: PUBLIC, events: ["publication.created"], format: "XML" } }))).toBe("zod: format");
  });

  it("shows HTML in a description and in a receiver's answer as text", async () => {
    const { ctx, org } = await createOrg(undefined, "Escapes");
    const hostile = `<script>window.__xss=1</script><img src=x onerror="window.__xss=1">`;
    const { endpoint } = await createEndpoint({ ctx, input: { url: PUBLIC, description: hostile, events: ["publication.created"] } });
    const { eventId } = await sendTestEvent({ ctx, id: endpoint.id });
    await owner.query(`INSERT INTO "WebhookDelivery" ("orgId", "endpointId", "eventId", attempt, status, "responseStatus", "latencyMs", "responseExcerpt") VALUES ($1, $2, $3, 1, 'FAILED', 500, 12, $4)`, [org.id, endpoint.id, eventId, hostile]);
    const { endpoint: view, deliveries } = await listDeliveries({ ctx, endpointId: endpoint.id });
    const html = renderToStaticMarkup(<WebhookScreen slug={org.slug} endpoint={view} deliveries={deliveries} />);
    const tree = parseHtml(html);
    const all = elements(tree);
    // React's own form-action bootstrap is the only script; the payload never becomes one, nor an img.
    expect(all.filter((e) => e.tagName === "script").map((e) => textOf(e).slice(0, 30))).toEqual(['addEventListener("submit",func']);
    expect(all.filter((e) => e.tagName === "img")).toEqual([]);
    expect(textOf(tree)).toContain(hostile);
    const descriptionInput = elements(tree).find((e) => e.tagName === "input" && e.attrs.some((a) => a.name === "name" && a.value === "description"));
    expect(descriptionInput?.attrs.find((a) => a.name === "value")?.value).toBe(hostile);
  });
});
