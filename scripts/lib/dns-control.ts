import http from "node:http";
import type { AddressInfo } from "node:net";
import type { TestDnsServer } from "../../tests/setup/dns-server";

/**
 * A loopback HTTP handle on the end-to-end run's DNS server, so a Playwright test (another
 * process) can publish the records a customer would: POST /records with
 * `{"txt": {"name": …, "values": [...]}}` and/or `{"cname": {"name": …, "target": …}}`.
 */
export async function startDnsControl(dns: TestDnsServer) {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      try {
        if (req.method !== "POST" || req.url !== "/records") throw new Error("POST /records only");
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { txt?: { name: string; values: string[] | null }; cname?: { name: string; target: string | null } };
        if (body.txt) dns.setTxt(body.txt.name, body.txt.values);
        if (body.cname) dns.setCname(body.cname.name, body.cname.target);
        res.writeHead(204).end();
      } catch (error) {
        res.writeHead(400, { "Content-Type": "text/plain" }).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
