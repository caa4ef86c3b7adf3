import { execFileSync } from "node:child_process";
import { Resolver } from "node:dns/promises";
import { mkdtempSync, readFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { publish } from "@/modules/publishing/server/publish";
import { updateOrganizationSettings } from "@/modules/organizations/server/organizations";
import { deliverWebhook, DISABLE_AFTER_FAILURES } from "@/modules/webhooks/server/deliver";
import { setDestinationTestHooks } from "@/modules/webhooks/server/destination";
import { deliveryKey } from "@/modules/webhooks/server/emit";
import { createEndpoint, redeliverEvent, rotateSecret, sendTestEvent } from "@/modules/webhooks/server/endpoints";
import { withTenant } from "@/server/db/tenant";
import { AppError } from "@/server/errors";
import { startDnsServer, type TestDnsServer } from "../setup/dns-server";
import { addMember, createOrg } from "../support/factories";

/**
 * Outbound webhooks against real servers on loopback (ADR 032): an HTTPS receiver with a
 * self-signed certificate for "receiver.test" (its CA injected through the test hook, the only
 * exception to "public addresses only" being that receiver's own name and address), a DNS server
 * (dns2) answering the names, and the delivery function the worker runs for each job.
 */
type Received = { headers: Record<string, string>; body: string; path: string };

let owner: pg.Client;
let dns: TestDnsServer;
let certificate: string;
let receiver: https.Server;
let receiverPort: number;
let internal: https.Server;
let internalPort: number;
let internalHits = 0;
let received: Received[] = [];
/** What the receiver answers next: status, headers, body. */
let answer: { status: number; headers?: Record<string, string>; body?: string } = { status: 200, body: "ok" };

function selfSignedCertificate() {
  const dir = mkdtempSync(path.join(tmpdir(), "webhook-cert-"));
  const [key, cert] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=receiver.test", "-addext", "subjectAltName=DNS:receiver.test,IP:127.0.0.1"], { stdio: "ignore" });
  return { key: readFileSync(key, "utf8"), cert: readFileSync(cert, "utf8") };
}

async function listen(server: https.Server) {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await owner.connect();
  dns = await startDnsServer();
  const tls = selfSignedCertificate();
  certificate = tls.cert;
  receiver = https.createServer(tls, (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers as Record<string, string>, body: Buffer.concat(chunks).toString("utf8"), path: request.url ?? "" });
      response.writeHead(answer.status, answer.headers ?? {});
      response.end(answer.body ?? "");
    });
  });
  receiverPort = await listen(receiver);
  internal = https.createServer(tls, (_request, response) => {
    internalHits += 1;
    response.end("internal secrets");
  });
  internalPort = await listen(internal);
});
afterAll(async () => {
  setDestinationTestHooks(null);
  receiver.closeAllConnections();
  internal.closeAllConnections();
  await Promise.all([new Promise((r) => receiver.close(r)), new Promise((r) => internal.close(r)), dns.close()]);
  await owner.end();
});

beforeEach(() => {
  dns.reset();
  dns.setA("receiver.test", "127.0.0.1");
  received = [];
  internalHits = 0;
  answer = { status: 200, body: "ok" };
  const resolver = new Resolver({ timeout: 5_000, tries: 1 });
  resolver.setServers([dns.address]);
  setDestinationTestHooks({
    resolve: async (hostname) => (await resolver.resolve4(hostname)).map((address) => ({ address, family: 4 as const })),
    // The receiver's own name and address, nothing else: 127.0.0.1 under any other name is refused.
    allow: (address, hostname) => hostname === "receiver.test" && address === "127.0.0.1",
    ca: certificate,
  });
});

const receiverUrl = (suffix = "/hooks") => `https://receiver.test:${receiverPort}${suffix}`;

async function world(name = "Hooks") {
  const made = await createOrg(undefined, name);
  return made;
}

/** The jobs queued for webhooks.deliver for this organisation, oldest first. */
async function jobsOf(orgId: string) {
  const { rows } = await owner.query<{ data: { deliveryKey: string } }>(`SELECT data FROM pgboss.job WHERE name = 'webhooks.deliver' AND data->>'deliveryKey' LIKE $1 ORDER BY created_on, id`, [`${orgId}:%`]);
  return rows.map((r) => r.data.deliveryKey);
}

async function deliveriesOf(endpointId: string) {
  const { rows } = await owner.query(`SELECT attempt, status, "responseStatus", "responseExcerpt", error FROM "WebhookDelivery" WHERE "endpointId" = $1 ORDER BY "createdAt", attempt`, [endpointId]);
  return rows as { attempt: number; status: string; responseStatus: number | null; responseExcerpt: string | null; error: string | null }[];
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return "accepted";
}

describe("the destination check when an endpoint is saved", () => {
  it("refuses loopback, private, metadata, link-local, IPv6 loopback and mapped addresses, plain http, and a name resolving to loopback; saves nothing", async () => {
    const { ctx, org } = await world();
    dns.setA("loopback.test", "127.0.0.1");
    const cells = [
      ["https://127.0.0.1/hooks", "validation: 127.0.0.1 points to 127.0.0.1, a loopback address. Webhooks go only to public internet addresses."],
      ["https://10.0.0.1/hooks", "validation: 10.0.0.1 points to 10.0.0.1, a private address. Webhooks go only to public internet addresses."],
      ["https://169.254.169.254/latest/meta-data", "validation: 169.254.169.254 points to 169.254.169.254, a link-local (cloud metadata) address. Webhooks go only to public internet addresses."],
      ["https://[::1]/hooks", "validation: ::1 points to ::1, a loopback address. Webhooks go only to public internet addresses."],
      ["https://[::ffff:127.0.0.1]/hooks", "validation: ::ffff:7f00:1 points to ::ffff:7f00:1, a loopback address. Webhooks go only to public internet addresses."],
      ["https://[fd00:ec2::254]/hooks", "validation: fd00:ec2::254 points to fd00:ec2::254, a unique-local (cloud metadata) address. Webhooks go only to public internet addresses."],
      ["https://100.64.0.1/hooks", "validation: 100.64.0.1 points to 100.64.0.1, a carrier-grade NAT address. Webhooks go only to public internet addresses."],
      ["https://192.168.1.1/hooks", "validation: 192.168.1.1 points to 192.168.1.1, a private address. Webhooks go only to public internet addresses."],
      ["http://receiver.test/hooks", "validation: Webhook URLs must start with https:// (plain HTTP is not allowed)."],
      ["https://loopback.test/hooks", "validation: loopback.test points to 127.0.0.1, a loopback address. Webhooks go only to public internet addresses."],
      ["https://user:pw@receiver.test/hooks", "validation: Leave user names and passwords out of the URL; verify our signature instead."],
      ["not a url", "validation: Enter a full URL starting with https://."],
    ] as const;
    const seen = [];
    for (const [url] of cells) seen.push([url, await refusal(createEndpoint({ ctx, input: { url, events: ["publication.created"] } }))]);
    expect(seen).toEqual(cells.map(([url, message]) => [url, message]));
    const { rows } = await owner.query(`SELECT count(*)::int AS n FROM "WebhookEndpoint" WHERE "orgId" = $1`, [org.id]);
    expect(rows[0].n).toBe(0);
  });

  it("refuses a name with one private address among public ones", async () => {
    const { ctx } = await world();
    setDestinationTestHooks({ resolve: async () => [{ address: "93.184.215.14", family: 4 }, { address: "10.1.2.3", family: 4 }] });
    expect(await refusal(createEndpoint({ ctx, input: { url: "https://mixed.example/hooks", events: ["publication.created"] } }))).toBe(
      "validation: mixed.example points to 10.1.2.3, a private address. Webhooks go only to public internet addresses.",
    );
  });
});

describe("the destination check at every send", () => {
  it("refuses at send a name that resolved public when saved and loopback now (DNS rebinding): nothing reaches the receiver", async () => {
    const { ctx, org } = await world();
    dns.setA("rebind.test", "93.184.215.14");
    const { endpoint } = await createEndpoint({ ctx, input: { url: `https://rebind.test:${receiverPort}/hooks`, events: ["publication.created"] } });
    dns.setA("rebind.test", "127.0.0.1");
    const { eventId } = await sendTestEvent({ ctx, id: endpoint.id });

    expect(await deliverWebhook({ deliveryKey: deliveryKey({ orgId: org.id, endpointId: endpoint.id, eventId }) })).toEqual({ outcome: "refused", disabled: false });
    expect(received).toEqual([]);
    expect(await deliveriesOf(endpoint.id)).toEqual([
      { attempt: 1, status: "REFUSED", responseStatus: null, responseExcerpt: null, error: "rebind.test points to 127.0.0.1, a loopback address. Webhooks go only to public internet addresses." },
    ]);
  });

  it("refuses at send each address saved earlier that is not public (rows written before a rule existed)", async () => {
    const { ctx, org } = await world();
    const { endpoint } = await createEndpoint({ ctx, input: { url: receiverUrl(), events: ["publication.created"] } });
    const { eventId } = await sendTestEvent({ ctx, id: endpoint.id });
    const urls = [`https://127.0.0.1:${receiverPort}/hooks`, "https://10.0.0.1/hooks", "https://169.254.169.254/hooks", `https://[::1]:${receiverPort}/hooks`];
    const errors = [];
    for (const url of urls) {
      await owner.query(`UPDATE "WebhookEndpoint" SET url = $1 WHERE id = $2`, [url, endpoint.id]);
      errors.push((await deliverWebhook({ deliveryKey: deliveryKey({ orgId: org.id, endpointId: endpoint.id, eventId }) })).outcome);
    }
    expect(errors).toEqual(["refused", "refused", "refused", "refused"]);
    expect(received).toEqual([]);
    expect((await deliveriesOf(endpoint.id)).map((d) => d.status)).toEqual(["REFUSED", "REFUSED", "REFUSED", "REFUSED"]);
  });

  it("does not follow a redirect to loopback: the attempt fails with the 302 logged, and the internal server is never asked", async () => {
    const { ctx, org } = await world();
    const { endpoint } = await createEndpoint({ ctx, input: { url: receiverUrl(), events: ["publication.created"] } });
    answer = { status: 302, headers: { location: `https://127.0.0.1:${internalPort}/internal` }, body: "moved" };
    const { eventId } = await sendTestEvent({ ctx, id: endpoint.id });

    expect(await deliverWebhook({ deliveryKey: deliveryKey({ orgId: org.id, endpointId: endpoint.id, eventId }) })).toEqual({ outcome: "failed", disabled: false });
    expect(internalHits).toBe(0);
    expect(received).toHaveLength(1);
    expect(await deliveriesOf(endpoint.id)).toEqual([{ attempt: 1, status: "FAILED", responseStatus: 302, responseExcerpt: "moved", error: "Answered 302: redirects are not followed." }]);
  });
});

describe("signing, redelivery and rotation", () => {
  it("signs per Standard Webhooks: the receiver verifies with the secret shown at creation, and a wrong secret fails", async () => {
    const { ctx, org } = await world();
    const { endpoint, secret } = await createEndpoint({ ctx, input: { url: receiverUrl(), events: ["publication.created"] } });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const { eventId } = await sendTestEvent({ ctx, id: endpoint.id });
    await deliverWebhook({ deliveryKey: deliveryKey({ orgId: org.id, endpointId: endpoint.id, eventId }) });

    expect(received).toHaveLength(1);
    const [message] = received;
    expect(message!.headers["webhook-id"]).toBe(eventId);
    const payload = new Webhook(secret).verify(message!.body, message!.headers) as { type: string; data: unknown };
    expect(payload.type).toBe("webhook.ping");
    expect(payload.data).toEqual({ endpointId: endpoint.id, message: "A test event from Candor." });
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`).verify(message!.body, message!.headers)).toThrow("No matching signature found");
    expect(() => new Webhook(secret).verify(message!.body.replace("ping", "pong"), message!.headers)).toThrow("No matching signature found");
    expect(await deliveriesOf(endpoint.id)).toEqual([{ attempt: 1, status: "SUCCEEDED", responseStatus: 200, responseExcerpt: "ok", error: null }]);
  });

  it("redelivers a past event with the same webhook-id, logged as the next attempt", async () => {
    const { ctx, org } = await world();
    const { endpoint } = await createEndpoint({ ctx, input: { url: receiverUrl(), events: ["publication.created"] } });
    const { eventId } = await sendTestEvent({ ctx, id: endpoint.id });
    await deliverWebhook({ deliveryKey: (await jobsOf(org.id))[0] });
    await redeliverEvent({ ctx, endpointId: endpoint.id, eventId });
    const jobs = await jobsOf(org.id);
    expect(jobs).toEqual([deliveryKey({ orgId: org.id, endpointId: endpoint.id, eventId }), deliveryKey({ orgId: org.id, endpointId: endpoint.id, eventId })]);
    await deliverWebhook({ deliveryKey: jobs[1] });

    expect(received.map((r) => r.headers["webhook-id"])).toEqual([eventId, eventId]);
    expect((await deliveriesOf(endpoint.id)).map((d) => [d.attempt, d.status])).toEqual([[1, "SUCCEEDED"], [2, "SUCCEEDED"]]);
  });

  it("after a rotation, signs with both secrets for 24 hours: a receiver with either verifies", async () => {
    const { ctx, org } = await world();
    const { endpoint, secret: old } = await createEndpoint({ ctx, input: { url: receiverUrl(), events: ["publication.created"] } });
    const { secret: fresh } = await rotateSecret({ ctx, input: { id: endpoint.id, version: 1 } });
    expect(fresh).not.toBe(old);
    const { eventId } = await sendTestEvent({ ctx, id: endpoint.id });
    await deliverWebhook({ deliveryKey: deliveryKey({ orgId: org.id, endpointId: endpoint.id, eventId }) });

    const [message] = received;
    expect(message!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(new Webhook(fresh).verify(message!.body, message!.headers)).toMatchObject({ type: "webhook.ping" });
    expect(new Webhook(old).verify(message!.body, message!.headers)).toMatchObject({ type: "webhook.ping" });
    // A stale editor's version is a conflict, and nothing rotates.
    expect(await refusal(rotateSecret({ ctx, input: { id: endpoint.id, version: 1 } }))).toBe(
      "conflict: Someone else changed this while you were editing. Reload to see their version, then make your change again.",
    );
  });

  it("keeps at most 1 KiB of the receiver's answer", async () => {
    const { ctx, org } = await world();
    const { endpoint } = await createEndpoint({ ctx, input: { url: receiverUrl(), events: ["publication.created"] } });
    answer = { status: 500, body: "x".repeat(5_000) };
    const { eventId } = await sendTestEvent({ ctx, id: endpoint.id });
    await deliverWebhook({ deliveryKey: deliveryKey({ orgId: org.id, endpointId: endpoint.id, eventId }) });
    const [row] = await deliveriesOf(endpoint.id);
    expect(row).toEqual({ attempt: 1, status: "FAILED", responseStatus: 500, responseExcerpt: "x".repeat(1024), error: "Answered 500." });
  });

  it("sends a Slack-compatible { text } when the endpoint asks for it", async () => {
    const { ctx, org } = await world("Slacky");
    const { endpoint } = await createEndpoint({ ctx, input: { url: receiverUrl(), events: ["publication.created"], format: "SLACK" } });
    const { eventId } = await sendTestEvent({ ctx, id: endpoint.id });
    await deliverWebhook({ deliveryKey: deliveryKey({ orgId: org.id, endpointId: endpoint.id, eventId }) });
    expect(JSON.parse(received[0]!.body)).toEqual({ text: `[Slacky] Test event from Candor (message: A test event from Candor., endpointId: ${endpoint.id})` });
  });
});

describe("events and retries", () => {
  it("a publication emits publication.created and queues one job per enabled endpoint subscribed to it, in the same transaction", async () => {
    const { ctx, org } = await world("Emitter");
    const subscribed = await createEndpoint({ ctx, input: { url: receiverUrl("/a"), events: ["publication.created"] } });
    await createEndpoint({ ctx, input: { url: receiverUrl("/b"), events: ["domain.failed"] } });
    const { version } = await withTenant({ orgId: org.id }, (tx) => tx.organization.findUniqueOrThrow({ where: { id: org.id }, select: { version: true } }));
    await updateOrganizationSettings({ ctx, input: { name: "Emitter", overview: "Published.", version }, logo: { kind: "keep" } });
    const published = await publish({ ctx });

    const { rows: events } = await owner.query(`SELECT id, type, payload FROM "WebhookEvent" WHERE "orgId" = $1`, [org.id]);
    expect(events.map((e) => [e.type, e.payload])).toEqual([["publication.created", { seq: published.seq, hash: published.hash, slug: org.slug }]]);
    expect(await jobsOf(org.id)).toEqual([deliveryKey({ orgId: org.id, endpointId: subscribed.endpoint.id, eventId: events[0].id })]);
    await deliverWebhook({ deliveryKey: (await jobsOf(org.id))[0] });
    expect(received.map((r) => r.path)).toEqual(["/a"]);
  });

  it("the queue retries with exponential backoff: 11 retries from 60 s", async () => {
    const { rows } = await owner.query(`SELECT retry_limit, retry_delay, retry_backoff FROM pgboss.queue WHERE name = 'webhooks.deliver'`);
    expect(rows).toEqual([{ retry_limit: 11, retry_delay: 60, retry_backoff: true }]);
  });

  it("a receiver that is down: each attempt is logged, and after 15 failures in a row the endpoint is disabled and owners and admins are emailed", async () => {
    const { ctx, org, owner: person } = await world("Down");
    const admin = await addMember(org.id, "ADMIN");
    const editor = await addMember(org.id, "EDITOR");
    const { endpoint } = await createEndpoint({ ctx, input: { url: receiverUrl(), events: ["publication.created"] } });
    const { eventId } = await sendTestEvent({ ctx, id: endpoint.id });
    // Nothing listens on the receiver's port any more.
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
    const key = deliveryKey({ orgId: org.id, endpointId: endpoint.id, eventId });
    const outcomes = [];
    try {
      for (let i = 0; i < DISABLE_AFTER_FAILURES; i++) outcomes.push(await deliverWebhook({ deliveryKey: key }));
    } finally {
      await new Promise<void>((resolve) => receiver.listen(receiverPort, "127.0.0.1", resolve));
    }
    expect(outcomes.slice(0, 14).every((o) => o.outcome === "failed" && !o.disabled)).toBe(true);
    expect(outcomes[14]).toEqual({ outcome: "failed", disabled: true });
    const log = await deliveriesOf(endpoint.id);
    expect(log.map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(log[0]!.error).toMatch(/^Could not connect: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    const { rows: [state] } = await owner.query(`SELECT enabled, "consecutiveFailures", "disabledReason" FROM "WebhookEndpoint" WHERE id = $1`, [endpoint.id]);
    expect(state.enabled).toBe(false);
    expect(state.consecutiveFailures).toBe(15);
    expect(state.disabledReason).toMatch(/^Disabled after 15 failed deliveries in a row\. Last: Could not connect/);
    const { rows: mail } = await owner.query(`SELECT recipient FROM "OutboxMessage" WHERE template = 'webhook-disabled' AND recipient = ANY($1) ORDER BY recipient`, [[person.email, admin.email, editor.email]]);
    expect(mail.map((m) => m.recipient)).toEqual([person.email, admin.email].sort());
    const { rows: audit } = await owner.query(`SELECT action FROM "AuditEvent" WHERE "orgId" = $1 AND "targetId" = $2 ORDER BY seq`, [org.id, endpoint.id]);
    expect(audit.map((a) => a.action)).toEqual(["webhook.create", "webhook.test", "webhook.auto_disable"]);
    // A disabled endpoint's queued retries end without a request or a log row.
    expect(await deliverWebhook({ deliveryKey: key })).toEqual({ outcome: "skipped", disabled: false });
    expect(await deliveriesOf(endpoint.id)).toHaveLength(15);
  });
});
