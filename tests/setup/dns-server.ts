import type { Socket } from "node:net";
import dns2, { type DnsHandler, type Packet as DnsPacket, type Resource } from "dns2";

/**
 * A real authoritative DNS server on loopback, for tests of code that resolves names (domain
 * verification). Built on dns2's UDP server, plus its TCP server on the same port number:
 * Node's resolver (c-ares) sends no EDNS, so an answer over 512 bytes goes back truncated over
 * UDP and c-ares asks again over TCP, as a real resolver would.
 *
 * Records are served with TTL 0. A name with no records of any kind answers NXDOMAIN; a known
 * name without the asked type answers NOERROR with no answers (NODATA).
 */
export type TestDnsServer = {
  port: number;
  /** "127.0.0.1:PORT", for Resolver.setServers / DNS_SERVERS. */
  address: string;
  /** One record per string (text over 255 bytes split into chunks, as a zone file would), or per chunk list; null removes. */
  setTxt(name: string, values: string[] | string[][] | null): void;
  setCname(name: string, target: string | null): void;
  setA(name: string, ip: string | null): void;
  /** SILENT: never answer, so the client times out. */
  fail(name: string, mode: FailMode | null): void;
  reset(): void;
  queries: { name: string; type: string }[];
  close(): Promise<void>;
};

type FailMode = "SERVFAIL" | "REFUSED" | "SILENT";

/**
 * The resolver timeout for tests whose server answers. This server runs inside the test's own
 * process, so a busy machine delays its answers as much as the test itself; a large TXT answer
 * also takes a second round over TCP. A timeout is then only a safety net, never part of what
 * is tested: tests of timeouts use a short one of their own, against a SILENT name.
 */
export const ANSWERING_TIMEOUT_MS = 10_000;
type Entry = { txt?: string[][]; cname?: string; a?: string; fail?: FailMode };

const { Packet } = dns2;
const CLASS_IN = Packet.CLASS.IN;
const CHUNK = 255;

function normalise(name: string) {
  return name.trim().toLowerCase().replace(/\.$/, "");
}

/** A character-string holds at most 255 bytes; longer text becomes several (RFC 1035 §3.3). */
function chunks(value: string): string[] {
  const out: string[] = [];
  let current = "";
  for (const char of value) {
    if (Buffer.byteLength(current + char) > CHUNK) {
      out.push(current);
      current = "";
    }
    current += char;
  }
  out.push(current);
  return out;
}

export async function startDnsServer(): Promise<TestDnsServer> {
  const zone = new Map<string, Entry>();
  const queries: { name: string; type: string }[] = [];

  const entry = (name: string) => {
    const key = normalise(name);
    let found = zone.get(key);
    if (!found) zone.set(key, (found = {}));
    return found;
  };
  const prune = (name: string) => {
    const key = normalise(name);
    const found = zone.get(key);
    if (found && Object.values(found).every((value) => value === undefined)) zone.delete(key);
  };

  const handle: DnsHandler = (request, send) => {
    const reply = (response: DnsPacket) => void Promise.resolve(send(response)).catch(() => undefined);
    const question = request.questions[0];
    if (!question) return reply(Packet.createErrorResponseFromRequest(request, Packet.RCODE.FORMERR));
    const name = normalise(question.name);
    queries.push({ name, type: Packet.TYPE_NAME[question.type] ?? String(question.type) });

    const failure = zone.get(name)?.fail;
    if (failure === "SILENT") return;
    if (failure) return reply(Packet.createErrorResponseFromRequest(request, Packet.RCODE[failure]));

    const response = Packet.createResponseFromRequest(request);
    response.header.aa = 1;
    const record = (fields: Partial<Resource>) => Packet.createResourceFromQuestion(question, { class: CLASS_IN, ttl: 0, ...fields });
    const hasRecords = (at: Entry | undefined) => Boolean(at && (at.txt || at.cname || at.a));

    let current = name;
    let at = zone.get(current);
    if (!hasRecords(at)) {
      response.header.rcode = Packet.RCODE.NXDOMAIN;
      return reply(response);
    }
    // Follow CNAMEs within the zone for other types, as an authoritative server would.
    for (let hops = 0; at?.cname && question.type !== Packet.TYPE.CNAME && hops < 8; hops++) {
      response.answers.push(record({ name: current, type: Packet.TYPE.CNAME, domain: at.cname }));
      current = normalise(at.cname);
      at = zone.get(current);
    }
    if (question.type === Packet.TYPE.TXT && at?.txt) {
      for (const data of at.txt) response.answers.push(record({ name: current, type: Packet.TYPE.TXT, data }));
    } else if (question.type === Packet.TYPE.CNAME && at?.cname) {
      response.answers.push(record({ type: Packet.TYPE.CNAME, domain: at.cname }));
    } else if (question.type === Packet.TYPE.A && at?.a) {
      response.answers.push(record({ name: current, type: Packet.TYPE.A, address: at.a }));
    }
    reply(response);
  };

  const { udp, tcp, port } = await listenOnOnePort(handle);
  const sockets = new Set<Socket>();
  tcp.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  return {
    port,
    address: `127.0.0.1:${port}`,
    queries,
    setTxt(name, values) {
      entry(name).txt = values === null ? undefined : values.map((value) => (Array.isArray(value) ? value.flatMap(chunks) : chunks(value)));
      prune(name);
    },
    setCname(name, target) {
      entry(name).cname = target ?? undefined;
      prune(name);
    },
    setA(name, ip) {
      entry(name).a = ip ?? undefined;
      prune(name);
    },
    fail(name, mode) {
      entry(name).fail = mode ?? undefined;
      prune(name);
    },
    reset() {
      zone.clear();
      queries.length = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}

/** UDP on an ephemeral port, then TCP on the same number (retrying if that one is taken). */
async function listenOnOnePort(handle: DnsHandler) {
  for (let attempt = 0; ; attempt++) {
    const udp = dns2.createUDPServer(handle);
    udp.on("error", () => undefined);
    await udp.listen(0, "127.0.0.1");
    const port = udp.address().port;
    const tcp = dns2.createTCPServer(handle);
    tcp.on("requestError", () => undefined);
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once("error", reject);
        tcp.listen(port, "127.0.0.1", () => {
          tcp.off("error", reject);
          resolve();
        });
      });
      tcp.on("error", () => undefined);
      return { udp, tcp, port };
    } catch (error) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      if (attempt >= 20 || (error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    }
  }
}
