import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createItem } from "@/modules/content/server/crud";
import { deliverOutboxBatch } from "@/modules/email/server/deliver";
import { mailboxTransport } from "@/modules/email/server/transports";
import { OUTBOX_SEAL_PURPOSE } from "@/modules/email/templates";
import { publish } from "@/modules/publishing/server/publish";
import { sendSubscriberDigests } from "@/modules/subscribers/server/digest";
import { fanoutPublication } from "@/modules/subscribers/server/fanout";
import { describeIn, type DescribeIn } from "@/modules/subscribers/server/fanout-topics";
import { open } from "@/server/crypto";
import { db } from "@/server/db/client";
import { withTenant } from "@/server/db/tenant";
import { env } from "@/server/env";
import { createOrg } from "../support/factories";

/**
 * Notifications from publications (issue 13): the fan-out of a publication to the subscribers
 * whose topics it touches, idempotent per (publication, subscriber) even when the worker dies
 * mid-way; digests for the topics an organisation sends daily or weekly; the mail's words, links
 * and RFC 8058 headers.
 */
let owner: pg.Client;
beforeAll(async () => {
  owner = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await owner.connect();
});
afterAll(() => owner.end());

type Org = Awaited<ReturnType<typeof createOrg>>;
type Topic = "SECURITY" | "SUBPROCESSORS" | "CERTIFICATIONS" | "GENERAL";

async function subscriber(org: Org, email: string, topics: Topic[], status: "PENDING" | "CONFIRMED" | "UNSUBSCRIBED" = "CONFIRMED") {
  const rows = await owner.query<{ id: string }>(
    `INSERT INTO "Subscriber" ("id", "orgId", "email", "topics", "status", "host", "confirmedAt") VALUES (gen_random_uuid(), $1, $2, $3::"SubscriberTopic"[], $4::"SubscriberStatus", 'acme.localhost', CASE WHEN $4 = 'PENDING' THEN NULL ELSE now() END) RETURNING id`,
    [org.org.id, email, topics, status],
  );
  return rows.rows[0]!.id;
}

/** Publishes a new subprocessor, Resend (US); the publication's id. */
async function publishSubprocessor(org: Org, vendor = "Resend") {
  await createItem({ ctx: org.ctx, kind: "subprocessors", input: { vendor, purpose: "email delivery", dataCategories: "email addresses", location: "US" } });
  await publish({ ctx: org.ctx });
  return latestPublication(org);
}

async function latestPublication(org: Org) {
  const row = await withTenant({ orgId: org.org.id }, (tx) => tx.publication.findFirstOrThrow({ where: { orgId: org.org.id }, orderBy: { seq: "desc" }, select: { id: true } }));
  return row.id;
}

async function published(name: string) {
  const org = await createOrg(undefined, name);
  await publish({ ctx: org.ctx });
  return org;
}

/** The mails queued to `to`, as the worker reads them. */
async function mailsTo(to: string) {
  const rows = await db.outboxMessage.findMany({ where: { recipient: to }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => JSON.parse(open(row.payload!, env().AUTH_SECRET, OUTBOX_SEAL_PURPOSE)) as { template: string; props: Record<string, unknown> });
}

async function noticesOf(org: Org) {
  const rows = await owner.query<{ email: string; status: string; mode: string }>(`SELECT email, status::text, mode::text FROM "PublicationNotice" WHERE "orgId" = $1 ORDER BY email`, [org.org.id]);
  return rows.rows;
}

describe("who is told of a publication", () => {
  it("confirmed subscribers whose topics it touches get one notice and one mail in words; the others, and the unconfirmed, unsubscribed and suppressed, nothing", async () => {
    const org = await published("NotifyWho");
    const other = await published("NotifyOther");
    await subscriber(org, "subs@example.com", ["SUBPROCESSORS"]);
    await subscriber(org, "both@example.com", ["SECURITY", "SUBPROCESSORS"]);
    await subscriber(org, "general@example.com", ["GENERAL"]);
    await subscriber(org, "pending@example.com", ["SUBPROCESSORS"], "PENDING");
    await subscriber(org, "left@example.com", ["SUBPROCESSORS"], "UNSUBSCRIBED");
    await subscriber(org, "bounced@example.com", ["SUBPROCESSORS"]);
    await owner.query(`INSERT INTO "EmailSuppression" ("id", "email", "reason", "createdAt") VALUES (gen_random_uuid(), 'bounced@example.com', 'BOUNCE', now())`);
    await subscriber(other, "elsewhere@example.com", ["SUBPROCESSORS"]);

    const publicationId = await publishSubprocessor(org);
    const result = await fanoutPublication({ orgId: org.org.id, publicationId });

    expect(result).toEqual({ notices: 2, mailed: 2, chunks: 1 });
    expect(await noticesOf(org)).toEqual([
      { email: "both@example.com", status: "SENT", mode: "IMMEDIATE" },
      { email: "subs@example.com", status: "SENT", mode: "IMMEDIATE" },
    ]);
    const [mail] = await mailsTo("subs@example.com");
    expect(mail!.template).toBe("publication-notice");
    expect(mail!.props).toMatchObject({ orgName: "NotifyWho", seq: 2, lines: ["Subprocessor added: Resend (US, email delivery)"], more: 0 });
    expect(String(mail!.props.unsubscribeUrl)).toMatch(/\/unsubscribe\?/);
    expect(String(mail!.props.verifyUrl)).toMatch(/\/verify$/);
    for (const nobody of ["general@example.com", "pending@example.com", "left@example.com", "bounced@example.com", "elsewhere@example.com"]) {
      expect(await mailsTo(nobody)).toEqual([]);
    }
    expect(await noticesOf(other)).toEqual([]);
  });

  it("publishing leaves exactly one fan-out job, committed with the publication", async () => {
    const org = await published("NotifyJob");
    const publicationId = await publishSubprocessor(org);
    const jobs = await owner.query(`SELECT data FROM pgboss.job WHERE name = 'subscribers.fanout' AND data->>'publicationId' = $1`, [publicationId]);
    expect(jobs.rows).toEqual([{ data: { orgId: org.org.id, publicationId } }]);
  });
});

describe("a worker killed mid-fan-out", () => {
  it("stopped after 2 of 4 chunks, then run again: each of 7 subscribers has exactly one notice and one mail", async () => {
    const org = await published("NotifyKill");
    const emails = Array.from({ length: 7 }, (_, i) => `kill-${i}@example.com`);
    for (const email of emails) await subscriber(org, email, ["SUBPROCESSORS"]);
    const publicationId = await publishSubprocessor(org);

    await expect(
      fanoutPublication({ orgId: org.org.id, publicationId }, { chunkSize: 2, afterChunk: (n) => { if (n === 2) throw new Error("worker killed"); } }),
    ).rejects.toThrow("worker killed");
    expect((await noticesOf(org)).length).toBe(4);

    const again = await fanoutPublication({ orgId: org.org.id, publicationId }, { chunkSize: 2 });
    expect(again).toEqual({ notices: 3, mailed: 3, chunks: 4 });
    const third = await fanoutPublication({ orgId: org.org.id, publicationId }, { chunkSize: 2 });
    expect(third).toEqual({ notices: 0, mailed: 0, chunks: 4 });

    expect((await noticesOf(org)).map((n) => n.email)).toEqual(emails);
    for (const email of emails) expect((await mailsTo(email)).map((m) => m.template)).toEqual(["publication-notice"]);
  });
});

describe("delivery", () => {
  it("the mailbox keeps the one-click unsubscribe headers; a batch delivered twice is kept once", async () => {
    const org = await published("NotifyHeaders");
    await subscriber(org, "headers@example.com", ["SUBPROCESSORS"]);
    await fanoutPublication({ orgId: org.org.id, publicationId: await publishSubprocessor(org) });
    const outbox = await db.outboxMessage.findFirstOrThrow({ where: { recipient: "headers@example.com" } });
    const transport = mailboxTransport(db, { print: false });
    expect(await deliverOutboxBatch({ db, outboxIds: [outbox.id], transport, finalAttempt: false })).toEqual({ sent: 1 });
    expect(await deliverOutboxBatch({ db, outboxIds: [outbox.id], transport, finalAttempt: false })).toEqual({ sent: 0 });
    const kept = await db.devMailboxMessage.findMany({ where: { recipient: "headers@example.com" } });
    expect(kept.length).toBe(1);
    const headers = kept[0]!.headers as Record<string, string>;
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(headers["List-Unsubscribe"]).toMatch(new RegExp(`^<https?://[^>]+/unsubscribe\\?s=[^>]*>$`));
    expect(kept[0]!.text).toContain("Subprocessor added: Resend (US, email delivery)");
    expect(kept[0]!.text).toMatch(/unsubscribe/i);
    expect(kept[0]!.html).toContain("/verify");
  });

  it("an organisation's words are text in the mail, never markup", async () => {
    const org = await published("NotifyXss");
    await subscriber(org, "xss@example.com", ["SUBPROCESSORS"]);
    await fanoutPublication({ orgId: org.org.id, publicationId: await publishSubprocessor(org, `<script>alert(1)</script><img src=x onerror=alert(1)>`) });
    const outbox = await db.outboxMessage.findFirstOrThrow({ where: { recipient: "xss@example.com" } });
    await deliverOutboxBatch({ db, outboxIds: [outbox.id], transport: mailboxTransport(db, { print: false }), finalAttempt: false });
    const kept = await db.devMailboxMessage.findFirstOrThrow({ where: { recipient: "xss@example.com" } });
    expect(kept.html).not.toContain("<script>");
    expect(kept.html).not.toContain("<img src=x");
    expect(kept.html).toContain("&lt;script&gt;");
  });
});

describe("digests", () => {
  it("a DAILY topic: the notice waits; the daily digest sends one mail and marks it SENT; a second run and the weekly run send nothing", async () => {
    const org = await published("NotifyDaily");
    await owner.query(
      `INSERT INTO "NotificationSettings" ("id", "orgId", "securityMode", "subprocessorsMode", "certificationsMode", "generalMode", "updatedAt") VALUES (gen_random_uuid(), $1, 'IMMEDIATE', 'DAILY', 'IMMEDIATE', 'IMMEDIATE', now())`,
      [org.org.id],
    );
    await subscriber(org, "daily@example.com", ["SUBPROCESSORS"]);
    await fanoutPublication({ orgId: org.org.id, publicationId: await publishSubprocessor(org, "Resend") });
    await fanoutPublication({ orgId: org.org.id, publicationId: await publishSubprocessor(org, "Postmark") });
    expect(await noticesOf(org)).toEqual([
      { email: "daily@example.com", status: "PENDING", mode: "DAILY" },
      { email: "daily@example.com", status: "PENDING", mode: "DAILY" },
    ]);
    expect(await mailsTo("daily@example.com")).toEqual([]);

    expect(await sendSubscriberDigests(org.org.id, "weekly")).toBe(0);
    expect(await sendSubscriberDigests(org.org.id, "daily")).toBe(1);
    expect(await sendSubscriberDigests(org.org.id, "daily")).toBe(0);

    const mails = await mailsTo("daily@example.com");
    expect(mails.map((m) => m.template)).toEqual(["publication-digest"]);
    expect(mails[0]!.props).toMatchObject({
      period: "daily",
      notices: [
        { seq: 2, lines: ["Subprocessor added: Resend (US, email delivery)"] },
        { seq: 3, lines: ["Subprocessor added: Postmark (US, email delivery)"] },
      ],
      more: 0,
    });
    expect((await noticesOf(org)).map((n) => n.status)).toEqual(["SENT", "SENT"]);
  });
});

describe("notices and digests in the subscriber's language (issue 15)", () => {
  type Language = "en" | "de" | "fr";
  /** describeChanges, counted by the language it renders in: the seam the fan-out and digest take. */
  function countedDescribe() {
    const renders: Record<string, number> = {};
    const describe: DescribeIn = (before, after, locale) => {
      renders[locale] = (renders[locale] ?? 0) + 1;
      return describeIn(before, after, locale);
    };
    return { renders, describe };
  }

  async function speaking(org: Org, email: string, language: Language) {
    const id = await subscriber(org, email, ["SUBPROCESSORS"]);
    await owner.query(`UPDATE "Subscriber" SET language = $2 WHERE id = $1`, [id, language]);
  }

  /** A subprocessor whose tenant-authored name carries markup; the publication's id. */
  async function publishMarkedUp(org: Org, vendor: string) {
    await createItem({ ctx: org.ctx, kind: "subprocessors", input: { vendor, purpose: "mail", dataCategories: "email addresses", location: "EU" } });
    await publish({ ctx: org.ctx });
    return latestPublication(org);
  }

  async function delivered(to: string) {
    const outbox = await db.outboxMessage.findFirstOrThrow({ where: { recipient: to } });
    await deliverOutboxBatch({ db, outboxIds: [outbox.id], transport: mailboxTransport(db, { print: false }), finalAttempt: false });
    return db.devMailboxMessage.findFirstOrThrow({ where: { recipient: to } });
  }

  it("a German and an English subscriber of one publication get the German and the English change line; names stay as authored, escaped in the HTML part", async () => {
    const org = await published("NotifyLang");
    await speaking(org, "de-1@example.com", "de");
    await speaking(org, "en-1@example.com", "en");
    const { describe } = countedDescribe();
    await fanoutPublication({ orgId: org.org.id, publicationId: await publishMarkedUp(org, "<b>Zeta</b> & Co") }, { describe });

    const [german] = await mailsTo("de-1@example.com");
    const [english] = await mailsTo("en-1@example.com");
    expect(german!.props).toMatchObject({ locale: "de", lines: ["Unterauftragsverarbeiter hinzugefügt: <b>Zeta</b> & Co (EU, mail)"], more: 0 });
    expect(english!.props).toMatchObject({ locale: "en", lines: ["Subprocessor added: <b>Zeta</b> & Co (EU, mail)"], more: 0 });

    const de = await delivered("de-1@example.com");
    expect(de.subject).toBe("NotifyLang hat sein Trust Center aktualisiert");
    expect(de.html).toContain("Unterauftragsverarbeiter hinzugefügt: &lt;b&gt;Zeta&lt;/b&gt; &amp; Co (EU, mail)");
    expect(de.html).not.toContain("<b>Zeta");
    expect(de.text).toContain("Unterauftragsverarbeiter hinzugefügt: <b>Zeta</b> & Co (EU, mail)");
    const en = await delivered("en-1@example.com");
    expect(en.html).toContain("Subprocessor added: &lt;b&gt;Zeta&lt;/b&gt; &amp; Co (EU, mail)");
    expect(en.html).not.toContain("<b>Zeta");
    expect(en.text).toContain("Subprocessor added: <b>Zeta</b> & Co (EU, mail)");
    expect(en.text).not.toContain("Unterauftragsverarbeiter");
  });

  it("the lines are rendered once per language present, not once per subscriber, across chunks", async () => {
    const org = await published("NotifyLangCount");
    for (const [i, language] of (["de", "de", "de", "en", "en", "fr", "de"] as const).entries()) await speaking(org, `count-${i}@example.com`, language);
    const { renders, describe } = countedDescribe();
    const result = await fanoutPublication({ orgId: org.org.id, publicationId: await publishMarkedUp(org, "Resend") }, { describe, chunkSize: 2 });

    expect(result).toEqual({ notices: 7, mailed: 7, chunks: 4 });
    // One render of a language is describeChanges once per topic (SECURITY, SUBPROCESSORS,
    // CERTIFICATIONS, GENERAL): 4 calls, for 7 subscribers in 3 languages over 4 chunks.
    expect(renders).toEqual({ en: 4, de: 4, fr: 4 });
    expect((await mailsTo("count-6@example.com"))[0]!.props.lines).toEqual(["Unterauftragsverarbeiter hinzugefügt: Resend (EU, mail)"]);
    expect((await mailsTo("count-5@example.com"))[0]!.props.lines).toEqual(["Sous-traitant ajouté : Resend (EU, mail)"]);
  });

  it("no language nobody reads is rendered: German readers only cost the German render; no confirmed subscriber, no render", async () => {
    const german = await published("NotifyLangDeOnly");
    await speaking(german, "only-de-1@example.com", "de");
    await speaking(german, "only-de-2@example.com", "de");
    await subscriber(german, "pending-en@example.com", ["SUBPROCESSORS"], "PENDING");
    const counted = countedDescribe();
    expect(await fanoutPublication({ orgId: german.org.id, publicationId: await publishMarkedUp(german, "Resend") }, { describe: counted.describe })).toEqual({ notices: 2, mailed: 2, chunks: 1 });
    expect(counted.renders).toEqual({ de: 4 });
    expect((await mailsTo("only-de-2@example.com"))[0]!.props.lines).toEqual(["Unterauftragsverarbeiter hinzugefügt: Resend (EU, mail)"]);

    const nobody = await published("NotifyLangNobody");
    await subscriber(nobody, "pending-only@example.com", ["SUBPROCESSORS"], "PENDING");
    const none = countedDescribe();
    expect(await fanoutPublication({ orgId: nobody.org.id, publicationId: await publishMarkedUp(nobody, "Resend") }, { describe: none.describe })).toEqual({ notices: 0, mailed: 0, chunks: 0 });
    expect(none.renders).toEqual({});
  });

  it("the digest: each subscriber's notices in their language, HTML escaped, rendered once per (publication, language)", async () => {
    const org = await published("NotifyLangDigest");
    await owner.query(
      `INSERT INTO "NotificationSettings" ("id", "orgId", "securityMode", "subprocessorsMode", "certificationsMode", "generalMode", "updatedAt") VALUES (gen_random_uuid(), $1, 'IMMEDIATE', 'DAILY', 'IMMEDIATE', 'IMMEDIATE', now())`,
      [org.org.id],
    );
    await speaking(org, "digest-de-1@example.com", "de");
    await speaking(org, "digest-de-2@example.com", "de");
    await speaking(org, "digest-de-3@example.com", "de");
    await speaking(org, "digest-en-1@example.com", "en");
    await fanoutPublication({ orgId: org.org.id, publicationId: await publishMarkedUp(org, "<i>Alpha</i>") });
    await fanoutPublication({ orgId: org.org.id, publicationId: await publishMarkedUp(org, "Beta") });

    const { renders, describe } = countedDescribe();
    expect(await sendSubscriberDigests(org.org.id, "daily", { describe })).toBe(4);
    // Two publications × the two languages present × 4 topic renders; no English render is
    // needed for the German readers, and three German readers cost what one does.
    expect(renders).toEqual({ de: 8, en: 8 });

    const [german] = await mailsTo("digest-de-2@example.com");
    expect(german!.props).toMatchObject({
      locale: "de",
      notices: [
        { seq: 2, lines: ["Unterauftragsverarbeiter hinzugefügt: <i>Alpha</i> (EU, mail)"] },
        { seq: 3, lines: ["Unterauftragsverarbeiter hinzugefügt: Beta (EU, mail)"] },
      ],
    });
    const [english] = await mailsTo("digest-en-1@example.com");
    expect(english!.props).toMatchObject({
      locale: "en",
      notices: [
        { seq: 2, lines: ["Subprocessor added: <i>Alpha</i> (EU, mail)"] },
        { seq: 3, lines: ["Subprocessor added: Beta (EU, mail)"] },
      ],
    });
    const de = await delivered("digest-de-2@example.com");
    expect(de.html).toContain("Unterauftragsverarbeiter hinzugefügt: &lt;i&gt;Alpha&lt;/i&gt; (EU, mail)");
    expect(de.html).not.toContain("<i>Alpha");
    expect(de.text).toContain("Unterauftragsverarbeiter hinzugefügt: <i>Alpha</i> (EU, mail)");
    const en = await delivered("digest-en-1@example.com");
    expect(en.html).toContain("Subprocessor added: &lt;i&gt;Alpha&lt;/i&gt; (EU, mail)");
    expect(en.text).toContain("Subprocessor added: Beta (EU, mail)");
  });
});
