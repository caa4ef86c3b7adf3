import { execFile } from "node:child_process";
import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import canonicalize from "canonicalize";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createItem } from "@/modules/content/server/crud";
import { createControl } from "@/modules/controls/server/controls";
import { signCanonical, signingKeyFor } from "@/modules/publishing/server/keys";
import { publish } from "@/modules/publishing/server/publish";
import { trustDocument, verifyPage } from "@/modules/publishing/server/surfaces";
import { withTenant } from "@/server/db/tenant";
import { resetEnvCache } from "@/server/env";
import { createOrg } from "../support/factories";
import { elements, parseHtml, textOf } from "../support/html";

/**
 * The three ways a reader can check a trust center's publications — `npm run cli --
 * publication:verify`, `node verify-candor.mjs`, and the openssl/jq recipe printed on the
 * /verify page — each run as a user would run it, against chains whose hashes are all valid but
 * whose signature or link is forged. Each must refuse what it is shown, and pass the genuine one.
 *
 * Forgeries (all on publication #2, the hash always matching the canonical bytes):
 *   wrong-key   signed by someone else's key, the tenant's key still named
 *   bad-sig     the tenant's signature with one bit flipped
 *   fork        a #2 validly signed by the tenant's own key that names the wrong #1 (a fork)
 */
type Doc = { seq: number; hash: string; prevHash: string | null; signature: string; publicKey: string; canonical: string; publication: Record<string, unknown> };
type Case = "genuine" | "wrong-key" | "bad-sig" | "fork";
const CASES: Case[] = ["genuine", "wrong-key", "bad-sig", "fork"];

const run = (command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(command, args, { cwd: options.cwd ?? process.cwd(), env: options.env ?? process.env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

let superuser: pg.Client;
let server: Server;
let origin: string;
const orgs = {} as Record<Case, { slug: string; id: string; genuine: Doc[]; served: Doc[] }>;
const previousAppUrl = process.env.APP_URL;

/** Serves /t/{slug}/trust.json and ?seq=N, as a trust center would, from `orgs[..].served`. */
function startServer() {
  return new Promise<Server>((resolve) => {
    const s = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      const found = Object.values(orgs).find((o) => url.pathname === `/t/${o.slug}/trust.json`);
      const seq = url.searchParams.get("seq");
      const doc = found && (seq ? found.served[Number(seq) - 1] : found.served.at(-1));
      if (!doc) return void res.writeHead(404).end("{}");
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(doc, null, 2));
    });
    s.listen(0, "127.0.0.1", () => resolve(s));
  });
}

/** A chain of two publications made through the domain functions; the trust.json the surface serves for each. */
async function publishedTwice(kind: Case) {
  const { ctx, org } = await createOrg(undefined, `Chain-${kind}`);
  await createControl({ ctx, input: { ref: "AC-01", area: "Access Control", title: "MFA for admins", status: "IMPLEMENTED", visibility: "PUBLIC" } });
  await publish({ ctx });
  await createItem({ ctx, kind: "faqs", input: { question: "Do you encrypt backups?", answer: "Yes, AES-256." } });
  await publish({ ctx });
  const genuine: Doc[] = [];
  for (const seq of [1, 2]) genuine.push(await (await trustDocument(new Request(`${origin}/t/${org.slug}/trust.json?seq=${seq}`), org.slug, String(seq))).json());
  return { slug: org.slug, id: org.id, genuine, served: genuine };
}

async function forge(kind: Case, org: { id: string; genuine: Doc[] }): Promise<Doc> {
  const second = org.genuine[1]!;
  if (kind === "genuine") return second;
  if (kind === "wrong-key") {
    const attacker = generateKeyPairSync("ed25519").privateKey;
    return { ...second, signature: sign(null, Buffer.from(second.canonical, "utf8"), attacker).toString("base64") };
  }
  if (kind === "bad-sig") {
    const bytes = Buffer.from(second.signature, "base64");
    bytes[10] = bytes[10]! ^ 0x01;
    return { ...second, signature: bytes.toString("base64") };
  }
  // The fork: the tenant's own key signs a #2 that names some other #1.
  const publication = { ...second.publication, prevHash: sha256("another history") };
  const canonical = canonicalize(publication)!;
  const { privateKeyPem } = await withTenant({ orgId: org.id }, (tx) => signingKeyFor(tx, org.id));
  return { ...second, publication, canonical, hash: sha256(canonical), prevHash: publication.prevHash as string, signature: signCanonical(canonical, privateKeyPem) };
}

beforeAll(async () => {
  superuser = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await superuser.connect();
  server = await startServer();
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The /verify page prints commands for the app's own origin: here, the server above.
  process.env.APP_URL = origin;
  resetEnvCache();
  for (const kind of CASES) {
    const made = await publishedTwice(kind);
    orgs[kind] = { ...made, served: [made.genuine[0]!, await forge(kind, made)] };
  }
}, 120_000);

afterAll(async () => {
  process.env.APP_URL = previousAppUrl;
  resetEnvCache();
  await new Promise((resolve) => server.close(resolve));
  await superuser.end();
});

describe("the publication verifiers refuse a forged signature and a broken chain", () => {
  it("the forgeries keep every hash valid (so only the signature or the link can give them away)", () => {
    for (const kind of CASES) {
      for (const doc of orgs[kind].served) expect(sha256(doc.canonical), `${kind} #${doc.seq}`).toBe(doc.hash);
    }
    expect(orgs["wrong-key"].served[1]!.signature).not.toBe(orgs["wrong-key"].genuine[1]!.signature);
    expect(orgs["bad-sig"].served[1]!.signature).not.toBe(orgs["bad-sig"].genuine[1]!.signature);
    expect(orgs.fork.served[1]!.prevHash).not.toBe(orgs.fork.served[0]!.hash);
  });

  it("npm run cli -- publication:verify: ok for the genuine chain, BROKEN for each forgery written into the database", async () => {
    // Publications are immutable for every role, the owner included; an attacker with the
    // database superuser's power is what this models, so the trigger is set aside to write them.
    for (const kind of CASES.filter((k) => k !== "genuine")) {
      const forged = orgs[kind].served[1]!;
      await superuser.query(`BEGIN; ALTER TABLE "Publication" DISABLE TRIGGER publication_immutable`);
      await superuser.query(`UPDATE "Publication" SET canonical = $1, hash = $2, "prevHash" = $3, signature = $4 WHERE "orgId" = $5 AND seq = 2`, [forged.canonical, forged.hash, forged.prevHash, forged.signature, orgs[kind].id]);
      await superuser.query(`ALTER TABLE "Publication" ENABLE TRIGGER publication_immutable; COMMIT`);
    }
    // One run over every organisation, as an operator would start it; it lists them by slug.
    const result = await run("npm", ["run", "--silent", "cli", "--", "publication:verify"]);
    expect(result.stdout.trim().split("\n")).toEqual([
      `BROKEN  ${orgs["bad-sig"].slug}: publication #2: its signature does not verify under the published key; 1 before it verify`,
      `BROKEN  ${orgs.fork.slug}: publication #2: it does not name the previous publication's hash; 1 before it verify`,
      `ok      ${orgs.genuine.slug}: 2 publications`,
      `BROKEN  ${orgs["wrong-key"].slug}: publication #2: its signature does not verify under the published key; 1 before it verify`,
    ]);
    expect(result.code).toBe(1);
    // And for the genuine chain alone, success.
    const genuine = await run("npm", ["run", "--silent", "cli", "--", "publication:verify", "--org", orgs.genuine.slug]);
    expect([genuine.code, genuine.stdout.trim()]).toEqual([0, `ok      ${orgs.genuine.slug}: 2 publications`]);
  }, 120_000);

  it("node verify-candor.mjs: exit 0 for the genuine chain, exit 1 naming the forged publication for each forgery", async () => {
    const lines: string[] = [];
    for (const kind of CASES) {
      const result = await run(process.execPath, ["public/verify-candor.mjs", `${origin}/t/${orgs[kind].slug}`]);
      lines.push(`${result.code} ${result.stdout.trim().split("\n").join(" | ")}`);
    }
    const [one, two] = [(k: Case) => orgs[k].served[0]!.hash, (k: Case) => orgs[k].served[1]!.hash];
    expect(lines).toEqual([
      `0 ok   #1 ${one("genuine")} | ok   #2 ${two("genuine")} | all 2 publications verify`,
      `1 ok   #1 ${one("wrong-key")} | FAIL #2 ${two("wrong-key")}: signature does not verify | 1 publication(s) failed`,
      `1 ok   #1 ${one("bad-sig")} | FAIL #2 ${two("bad-sig")}: signature does not verify | 1 publication(s) failed`,
      `1 ok   #1 ${one("fork")} | FAIL #2 ${two("fork")}: does not name the previous publication's hash | 1 publication(s) failed`,
    ]);
  }, 120_000);

  it("the openssl and jq recipe printed on the /verify page: silent for the genuine chain, names the forged publication for each forgery", async () => {
    const outputs: string[] = [];
    for (const kind of CASES) {
      const html = await (await verifyPage(new Request(`${origin}/t/${orgs[kind].slug}/verify`), orgs[kind].slug)).text();
      const document = parseHtml(html);
      // The commands exactly as the page shows them: the <pre> that follows the "With openssl and jq" heading.
      const all = elements(document);
      const heading = all.findIndex((e) => e.tagName === "h2" && textOf(e) === "With openssl and jq");
      const recipe = all.slice(heading).find((e) => e.tagName === "pre");
      expect(recipe, "the page shows the openssl recipe").toBeDefined();
      const script = textOf(recipe!);
      expect(script).toContain(`curl -s ${origin}/t/${orgs[kind].slug}/trust.json`);
      const result = await run("bash", ["-c", script], { cwd: mkdtempSync(path.join(tmpdir(), `candor-verify-${kind}-`)) });
      expect(result.stderr, kind).toBe("");
      outputs.push(`${kind}: ${result.stdout.trim().split("\n").join(" | ")}`);
    }
    expect(outputs).toEqual([
      "genuine: checked 2 publications",
      "wrong-key: #2: bad signature | checked 2 publications",
      "bad-sig: #2: bad signature | checked 2 publications",
      "fork: #2: chain broken | checked 2 publications",
    ]);
  }, 120_000);
});
