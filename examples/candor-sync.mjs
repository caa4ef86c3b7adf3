#!/usr/bin/env node
/**
 * Syncs controls from a JSON file into Candor through the REST API, then (with --publish) asks
 * for publication and approves it when this key's creator may (four-eyes publishing leaves the
 * request for another owner or admin). Node 20+, no dependencies.
 *
 *   CANDOR_URL=https://trust.example.com CANDOR_API_KEY=cndr_… node examples/candor-sync.mjs controls.json --publish
 *
 * controls.json: [{ "ref": "AC-01", "area": "Access control", "title": "…", "status": "IMPLEMENTED", "visibility": "PUBLIC", "description": "…" }, …]
 * The key needs the posture:read and posture:write scopes (and publish for --publish).
 * Exit code 0 when everything was synced, 1 on the first refusal (its problem details are printed).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

const base = `${(process.env.CANDOR_URL ?? "").replace(/\/$/, "")}/api/v1`;
const key = process.env.CANDOR_API_KEY ?? "";
const say = (line) => process.stdout.write(`${line}\n`);

class Refused extends Error {
  constructor(method, path, status, problem) {
    super(`${method} ${path} → ${status}: ${problem?.detail ?? ""}${problem?.errors ? ` ${JSON.stringify(problem.errors)}` : ""}`);
    this.status = status;
  }
}

/** One call: JSON in and out, the key as a bearer; a refusal throws with the API's problem details. */
async function call(method, path, { body, headers = {}, ok = [200, 201, 202, 204] } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = response.status === 204 ? null : await response.json();
  if (!ok.includes(response.status)) throw new Refused(method, path, response.status, data);
  return { status: response.status, etag: response.headers.get("etag"), data };
}

/** The control with exactly this reference, if there is one (the list's search, then an exact match). */
async function findControl(ref) {
  const { data } = await call("GET", `/controls?q=${encodeURIComponent(ref)}&limit=100`);
  return data.data.find((control) => control.ref === ref) ?? null;
}

const FIELDS = ["area", "title", "status", "visibility", "description"];
const same = (current, wanted) => FIELDS.every((f) => wanted[f] === undefined || (f === "area" ? current.area.name === wanted.area : current[f] === wanted[f]));

async function syncControl(wanted) {
  const found = await findControl(wanted.ref);
  if (!found) {
    // A retried run within 24 hours replays the first answer instead of creating a duplicate.
    const idempotencyKey = `sync-${createHash("sha256").update(JSON.stringify(wanted)).digest("hex").slice(0, 32)}`;
    await call("POST", "/controls", { body: wanted, headers: { "idempotency-key": idempotencyKey } });
    return "created";
  }
  const { data: current, etag } = await call("GET", `/controls/${found.id}`);
  if (same(current, wanted)) return "unchanged";
  await call("PUT", `/controls/${found.id}`, { body: { description: current.description, ...wanted }, headers: { "if-match": etag } });
  return "updated";
}

async function publish() {
  const asked = await call("POST", "/publication-requests", { body: { note: "Synced by candor-sync" }, ok: [201, 409] });
  if (asked.status === 409) return say(`publish: ${asked.data.detail}`);
  say(`publish: requested ${asked.data.id} (${asked.data.changes.length} changes)`);
  const approved = await call("POST", `/publication-requests/${asked.data.id}/approval`, { body: {}, ok: [200, 201, 403] });
  if (approved.status === 403) return say(`publish: waiting for another owner or admin (${approved.data.detail})`);
  say(`publish: published #${approved.data.seq} ${approved.data.hash}`);
}

async function main([file, ...flags]) {
  if (!file || !base.startsWith("http") || !key.startsWith("cndr_")) {
    say("usage: CANDOR_URL=… CANDOR_API_KEY=cndr_… node examples/candor-sync.mjs controls.json [--publish]");
    return 2;
  }
  const controls = JSON.parse(readFileSync(file, "utf8"));
  for (const control of controls) say(`${control.ref}: ${await syncControl(control)}`);
  if (flags.includes("--publish")) await publish();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);
