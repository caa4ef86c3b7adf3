import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createAdmission } from "../../scripts/lib/admission";

/**
 * The dashboard's door (scripts/lib/admission.ts, ADR 041), on a real HTTP server with real
 * clients: what a person in the queue observes (when their page starts, what they get back), and
 * what a client that misbehaves can and cannot do to the others.
 */
type Held = { path: string; res: http.ServerResponse };

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A server whose handler records each request as it starts and holds it until the test answers it. */
async function door(options: { limit: number; maxQueue: number }) {
  const admission = createAdmission(options);
  const started: Held[] = [];
  const waiters: (() => void)[] = [];
  const errors: unknown[] = [];
  // As scripts/web.ts: the door is reached a tick after the request event (after the fast path
  // declined), when the parser has read whatever of the body came with the headers.
  server = http.createServer((req, res) => void Promise.resolve().then(() => {
    try {
      admission.admit(req, res, () => {
        if (req.url === "/throws") throw new Error("the handler failed");
        started.push({ path: req.url!, res });
        waiters.splice(0).forEach((wake) => wake());
      });
    } catch (error) {
      errors.push(error);
      res.writeHead(500).end("failed");
    }
  }));
  server.on("clientError", () => undefined);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const startedCount = async (count: number) => {
    while (started.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
  return { admission, errors, started, startedCount, settle, port, request: (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${port}${path}`, init) };
}

const paths = (held: Held[]) => held.map((h) => h.path);
/** A request whose answer the test does not read (the server is closed under it at the end). */
const background = (answer: Promise<Response>) => void answer.catch(() => undefined);

describe("the dashboard's door (a few pages at a time, the rest in arrival order)", () => {
  it("runs at most `limit` pages at once and starts the others in the order they arrived, each as a place frees", async () => {
    const { started, startedCount, settle, request, admission } = await door({ limit: 2, maxQueue: 10 });
    const answers: Promise<Response>[] = [];
    for (const path of ["/a", "/b", "/c", "/d", "/e"]) {
      answers.push(request(path));
      await settle(); // arrival order is the order sent
    }
    await startedCount(2);
    await settle();
    expect(paths(started)).toEqual(["/a", "/b"]);
    expect([admission.running, admission.waiting]).toEqual([2, 3]);

    started[1]!.res.end("b");
    await startedCount(3);
    expect(paths(started)).toEqual(["/a", "/b", "/c"]);
    started[0]!.res.end("a");
    await startedCount(4);
    started[2]!.res.end("c");
    await startedCount(5);
    expect(paths(started)).toEqual(["/a", "/b", "/c", "/d", "/e"]);
    started[3]!.res.end("d");
    started[4]!.res.end("e");
    expect(await Promise.all(answers.map(async (answer) => (await answer).text()))).toEqual(["a", "b", "c", "d", "e"]);
    expect([admission.running, admission.waiting]).toEqual([0, 0]);
  });

  it("starts a prefetch (Next's router asking ahead) only when no page somebody asked for is waiting", async () => {
    const { started, startedCount, settle, request } = await door({ limit: 1, maxQueue: 10 });
    background(request("/open"));
    await startedCount(1);
    background(request("/prefetch-1", { headers: { "Next-Router-Prefetch": "1", RSC: "1" } }));
    await settle();
    background(request("/prefetch-2", { headers: { "Next-Router-Prefetch": "1", RSC: "1" } }));
    await settle();
    background(request("/clicked"));
    await settle();
    for (let i = 0; i < 3; i++) {
      started[i]!.res.end();
      await startedCount(i + 2);
    }
    expect(paths(started)).toEqual(["/open", "/clicked", "/prefetch-1", "/prefetch-2"]);
  });

  it("queues a post whose whole body came with its headers (a save) like a page, in arrival order", async () => {
    const { started, startedCount, settle, request, port } = await door({ limit: 1, maxQueue: 10 });
    background(request("/page"));
    await startedCount(1);
    const save = net.connect(port, "127.0.0.1");
    save.on("error", () => undefined);
    save.write("POST /save HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\ntitle=x");
    await settle();
    background(request("/after-the-save"));
    await settle();
    expect(paths(started)).toEqual(["/page"]);
    started[0]!.res.end();
    await startedCount(2);
    expect(paths(started)).toEqual(["/page", "/save"]);
    started[1]!.res.end();
    await startedCount(3);
    expect(paths(started)).toEqual(["/page", "/save", "/after-the-save"]);
    save.destroy();
  });

  it("lets a post still arriving (an upload, a slow sender) through at once even when every place is taken: it holds no place", async () => {
    const { started, startedCount, settle, request, port, admission } = await door({ limit: 1, maxQueue: 10 });
    background(request("/page"));
    await startedCount(1);
    background(request("/queued"));
    await settle();
    const upload = net.connect(port, "127.0.0.1");
    upload.on("error", () => undefined);
    upload.write("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\nContent-Length: 1048576\r\n\r\n");
    upload.write(Buffer.alloc(1024));
    await startedCount(2);
    expect(paths(started)).toEqual(["/page", "/upload"]);
    expect([admission.running, admission.waiting]).toEqual([1, 1]);
    upload.destroy();
  });

  it("gives a place back when a response's headers go out, so a download read slowly does not hold it", async () => {
    const { started, startedCount, settle, request } = await door({ limit: 1, maxQueue: 10 });
    background(request("/download"));
    await startedCount(1);
    background(request("/next"));
    await settle();
    expect(paths(started)).toEqual(["/download"]);
    // The download's headers and first bytes, the rest still to come.
    started[0]!.res.writeHead(200, { "Content-Type": "application/octet-stream" });
    started[0]!.res.write(Buffer.alloc(1024));
    // At once, not when the client gives up on the unread download and its connection closes.
    await Promise.race([startedCount(2), new Promise((_, reject) => setTimeout(() => reject(new Error("the next page did not start within 1 s")), 1_000))]);
    expect(paths(started)).toEqual(["/download", "/next"]);
  });

  it("never runs a page whose visitor left while it waited, and serves the one behind it", async () => {
    const { started, startedCount, settle, request, admission } = await door({ limit: 1, maxQueue: 10 });
    background(request("/first"));
    await startedCount(1);
    const leaving = new AbortController();
    request("/left", { signal: leaving.signal }).catch(() => undefined);
    await settle();
    const staying = request("/stayed");
    await settle();
    expect(admission.waiting).toBe(2);
    leaving.abort();
    await settle();
    expect(admission.waiting).toBe(1);
    started[0]!.res.end("first");
    await startedCount(2);
    await settle();
    expect(paths(started)).toEqual(["/first", "/stayed"]);
    started[1]!.res.end("stayed");
    expect(await (await staying).text()).toBe("stayed");
  });

  it("answers 503 with Retry-After when the queue is full, and still serves everyone already in it", async () => {
    const { started, startedCount, settle, request } = await door({ limit: 1, maxQueue: 2 });
    const first = request("/1");
    await startedCount(1);
    const queued = [request("/2"), request("/3")];
    await settle();
    const refused = await request("/4");
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("2");
    expect(refused.headers.get("cache-control")).toBe("no-store");
    expect(await refused.text()).toBe("The server is busy. Please try again in a moment.\n");
    for (let i = 0; i < 3; i++) {
      await startedCount(i + 1);
      started[i]!.res.end(`page ${i + 1}`);
    }
    expect(await Promise.all([first, ...queued].map(async (answer) => (await answer).text()))).toEqual(["page 1", "page 2", "page 3"]);
    expect(paths(started)).toEqual(["/1", "/2", "/3"]);
  });

  it("gives the place back when the handler throws, and when the visitor leaves mid-page", async () => {
    const { started, startedCount, settle, request, admission, errors } = await door({ limit: 1, maxQueue: 10 });
    expect((await request("/throws")).status).toBe(500);
    expect(errors).toHaveLength(1);
    expect(admission.running).toBe(0);

    const leaving = new AbortController();
    request("/abandoned", { signal: leaving.signal }).catch(() => undefined);
    await startedCount(1);
    leaving.abort();
    await settle();
    expect(admission.running).toBe(0);
    const after = request("/after");
    await startedCount(2);
    started[1]!.res.end("after");
    expect(await (await after).text()).toBe("after");
  });

  it("refuses a limit that is not a whole number from 1", () => {
    expect(() => createAdmission({ limit: 0, maxQueue: 1 })).toThrow("limit must be a whole number from 1 (got 0)");
    expect(() => createAdmission({ limit: 1.5, maxQueue: 1 })).toThrow("(got 1.5)");
  });
});
