// First: Next's request-scope storage must exist before any Next module loads (see the file).
import { inRequestScope } from "../support/next-request";
import { afterEach, describe, expect, it } from "vitest";
import { saveAlertPreferencesAction } from "@/modules/alerts/actions";
import type { AlertKind } from "@/modules/alerts/schema";
import { alertMembers } from "@/modules/alerts/server/alerts";
import { sendDigests, sendDigestsEverywhere } from "@/modules/alerts/server/digest";
import { getAlertSettings, setAlertPreferences } from "@/modules/alerts/server/preferences";
import { renderEmail } from "@/modules/email/server/render";
import type { Role } from "@/modules/permissions/permissions";
import type { ActionState } from "@/server/action-state";
import { setClock } from "@/server/clock";
import { withTenant } from "@/server/db/tenant";
import { auditOf } from "../support/access";
import { mailsTo } from "../support/access-routes";
import { addMember, contextFor, createOrg } from "../support/factories";
import { sessionFor } from "../support/tenant-world";

/**
 * Alerts (issue 13, ADR 033): each kind reaches only the roles that receive it; a member on EMAIL
 * gets one mail at once, on DIGEST one line in their next digest (once), on OFF nothing; another
 * organisation's members never; each member sets only their own choice.
 */
afterEach(() => setClock());

const HOUR = 3_600_000;
const T0 = Date.parse("2031-05-06T06:00:00.000Z");
const at = (offset: number) => setClock(() => T0 + offset);

/** An organisation with two members of each role: the first of each keeps the defaults, the second chose the digest where they may. */
async function alertWorld(name: string) {
  const { org, owner } = await createOrg(undefined, name);
  const people = {
    OWNER: owner,
    ADMIN: await addMember(org.id, "ADMIN"),
    EDITOR: await addMember(org.id, "EDITOR"),
    VIEWER: await addMember(org.id, "VIEWER"),
    OWNER2: await addMember(org.id, "OWNER"),
    ADMIN2: await addMember(org.id, "ADMIN"),
    EDITOR2: await addMember(org.id, "EDITOR"),
  };
  const as = (person: keyof typeof people) => contextFor(people[person], org, person.replace("2", "") as Role);
  at(0);
  const everything = { ACCESS_REQUEST: "DIGEST", OBJECTION: "DIGEST", DOMAIN_FAILURE: "DIGEST", EXPIRY: "DIGEST", REVIEW_DUE: "DIGEST" } as const;
  await setAlertPreferences({ ctx: as("OWNER2"), input: everything });
  await setAlertPreferences({ ctx: as("ADMIN2"), input: everything });
  await setAlertPreferences({ ctx: as("EDITOR2"), input: { EXPIRY: "DIGEST", REVIEW_DUE: "DIGEST" } });
  return { org, people, as };
}
type World = Awaited<ReturnType<typeof alertWorld>>;
type Name = keyof World["people"];
const NAMES: Name[] = ["OWNER", "ADMIN", "EDITOR", "VIEWER", "OWNER2", "ADMIN2", "EDITOR2"];

const raise = (w: World, kind: AlertKind, subject = `Something about ${kind}`) =>
  withTenant({ orgId: w.org.id }, (tx) => alertMembers(tx, { orgId: w.org.id, kind, subject, lines: ["First line.", "Second line."], link: `/dashboard/${w.org.slug}/controls` }));

/** Who got which template, by name, in order. */
async function mailbox(w: World) {
  const out: Record<string, string[]> = {};
  for (const name of NAMES) {
    const mails = await mailsTo(w.people[name].email);
    if (mails.length) out[name] = mails.map((m) => (m.template === "alert-digest" ? `digest:${(m.props.alerts as { subject: string }[]).map((a) => a.subject).join("|")}` : `${m.template}:${m.props.subject}`));
  }
  return out;
}

describe("each kind reaches the members who receive it, by their channel", () => {
  // Written out: who gets a mail now (EMAIL, the owners' and admins' default), who gets the
  // digest (the second member of each role, who chose it), and nobody else.
  const cases: [AlertKind, Record<string, string[]>, Record<string, string[]>][] = [
    ["OBJECTION", { OWNER: ["alert:Something about OBJECTION"], ADMIN: ["alert:Something about OBJECTION"] }, { OWNER2: ["digest:Something about OBJECTION"], ADMIN2: ["digest:Something about OBJECTION"] }],
    ["DOMAIN_FAILURE", { OWNER: ["alert:Something about DOMAIN_FAILURE"], ADMIN: ["alert:Something about DOMAIN_FAILURE"] }, { OWNER2: ["digest:Something about DOMAIN_FAILURE"], ADMIN2: ["digest:Something about DOMAIN_FAILURE"] }],
    [
      "EXPIRY",
      { OWNER: ["alert:Something about EXPIRY"], ADMIN: ["alert:Something about EXPIRY"] },
      { OWNER2: ["digest:Something about EXPIRY"], ADMIN2: ["digest:Something about EXPIRY"], EDITOR2: ["digest:Something about EXPIRY"] },
    ],
    [
      "REVIEW_DUE",
      { OWNER: ["alert:Something about REVIEW_DUE"], ADMIN: ["alert:Something about REVIEW_DUE"] },
      { OWNER2: ["digest:Something about REVIEW_DUE"], ADMIN2: ["digest:Something about REVIEW_DUE"], EDITOR2: ["digest:Something about REVIEW_DUE"] },
    ],
    ["ACCESS_REQUEST", { OWNER: ["alert:Something about ACCESS_REQUEST"], ADMIN: ["alert:Something about ACCESS_REQUEST"] }, { OWNER2: ["digest:Something about ACCESS_REQUEST"], ADMIN2: ["digest:Something about ACCESS_REQUEST"] }],
  ];
  for (const [kind, now, digest] of cases) {
    it(`${kind}: EMAIL members at once, DIGEST members in the next digest once, OFF members and viewers never`, async () => {
      const w = await alertWorld(`Kind${kind.replace("_", "")}`);
      at(1 * HOUR);
      await raise(w, kind);
      expect(await mailbox(w)).toEqual(now);
      at(26 * HOUR);
      await sendDigests(w.org.id);
      const after = await mailbox(w);
      expect(after).toEqual({ ...now, ...digest });
      at(30 * HOUR); // a rerun the same day: nothing twice
      expect(await sendDigests(w.org.id)).toBe(0);
      expect(await mailbox(w)).toEqual(after);
    });
  }

  it("one digest per member lists every kind since the last one, oldest first; nothing pending, no mail", async () => {
    const w = await alertWorld("DigestMix");
    at(1 * HOUR);
    await raise(w, "DOMAIN_FAILURE", "trust.example failed its DNS check");
    at(2 * HOUR);
    await raise(w, "EXPIRY", "security.txt expires in 14 days");
    at(26 * HOUR);
    expect(await sendDigests(w.org.id)).toBe(3);
    const [digest] = (await mailsTo(w.people.ADMIN2.email)).map((m) => m.props);
    expect(digest).toEqual({
      orgName: "DigestMix",
      alerts: [
        { kind: "DOMAIN_FAILURE", subject: "trust.example failed its DNS check", lines: ["First line.", "Second line."], at: "2031-05-06 07:00 UTC", url: `http://localhost:3000/dashboard/${w.org.slug}/controls` },
        { kind: "EXPIRY", subject: "security.txt expires in 14 days", lines: ["First line.", "Second line."], at: "2031-05-06 08:00 UTC", url: `http://localhost:3000/dashboard/${w.org.slug}/controls` },
      ],
      more: 0,
      url: `http://localhost:3000/dashboard/${w.org.slug}`,
      settingsUrl: `http://localhost:3000/dashboard/${w.org.slug}/account-alerts`,
    });
    expect((await mailsTo(w.people.EDITOR2.email)).map((m) => (m.props.alerts as { subject: string }[]).map((a) => a.subject))).toEqual([["security.txt expires in 14 days"]]);
    at(50 * HOUR);
    expect(await sendDigests(w.org.id)).toBe(0);
  });

  it("two digest runs at the same moment send one digest to each member", async () => {
    const w = await alertWorld("DigestTwice");
    at(1 * HOUR);
    await raise(w, "OBJECTION");
    at(26 * HOUR);
    const sent = await Promise.all([sendDigests(w.org.id), sendDigests(w.org.id)]);
    expect(sent.sort()).toEqual([0, 2]);
    expect((await mailsTo(w.people.OWNER2.email)).map((m) => m.template)).toEqual(["alert-digest"]);
  });

  it("a member who leaves the digest gets no final one; a demoted admin's old choice sends nothing", async () => {
    const w = await alertWorld("DigestLeave");
    at(1 * HOUR);
    await raise(w, "OBJECTION");
    await setAlertPreferences({ ctx: w.as("OWNER2"), input: { OBJECTION: "OFF" } });
    await withTenant({ orgId: w.org.id }, (tx) => tx.member.updateMany({ where: { orgId: w.org.id, userId: w.people.ADMIN2.id }, data: { role: "VIEWER" } }));
    at(26 * HOUR);
    expect(await sendDigests(w.org.id)).toBe(0);
    expect(await mailsTo(w.people.OWNER2.email)).toEqual([]);
    expect(await mailsTo(w.people.ADMIN2.email)).toEqual([]);
    await raise(w, "OBJECTION");
    expect(await mailsTo(w.people.ADMIN2.email)).toEqual([]);
  });

  it("another organisation's members never get this organisation's alerts, now or in a digest", async () => {
    const acme = await alertWorld("IsoAcme");
    const globex = await alertWorld("IsoGlobex");
    at(1 * HOUR);
    for (const kind of ["OBJECTION", "DOMAIN_FAILURE", "EXPIRY", "REVIEW_DUE", "ACCESS_REQUEST"] as const) await raise(acme, kind);
    // Naming the other organisation inside this one's scope reaches nobody (row-level security).
    await expect(withTenant({ orgId: acme.org.id }, (tx) => alertMembers(tx, { orgId: globex.org.id, kind: "OBJECTION", subject: "Cross", lines: [], link: "/dashboard/x" }))).rejects.toThrow();
    at(26 * HOUR);
    expect((await sendDigestsEverywhere()).failed).toBe(0);
    expect(await mailbox(globex)).toEqual({});
    expect(Object.keys(await mailbox(acme)).sort()).toEqual(["ADMIN", "ADMIN2", "EDITOR2", "OWNER", "OWNER2"]);
  });

  it("subject and lines with HTML and script arrive as text; a link that is not a dashboard path is refused", async () => {
    const w = await alertWorld("AlertXss");
    at(1 * HOUR);
    await raise(w, "OBJECTION", `<script>alert("s")</script><img src=x onerror=alert(1)>`);
    const [mail] = await mailsTo(w.people.OWNER.email);
    const email = await renderEmail({ template: "alert", props: mail!.props as never });
    expect(email.html).not.toContain("<script>alert");
    expect(email.html).not.toContain("<img src=x");
    expect(email.html).toContain("&lt;script&gt;alert(&quot;s&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(email.subject).toBe(`<script>alert("s")</script><img src=x onerror=alert(1)> (AlertXss)`);
    for (const link of ["https://evil.example/phish", "//evil.example", "javascript:alert(1)", "/dashboard/x\"><script>"]) {
      await expect(withTenant({ orgId: w.org.id }, (tx) => alertMembers(tx, { orgId: w.org.id, kind: "OBJECTION", subject: "Phish", lines: [], link }))).rejects.toThrow();
    }
    await expect(withTenant({ orgId: w.org.id }, (tx) => alertMembers(tx, { orgId: w.org.id, kind: "OBJECTION", subject: "x".repeat(301), lines: [], link: "/dashboard/x" }))).rejects.toThrow();
  });
});

async function act(person: { id: string; email: string; name: string | null }, slug: string, form: Record<string, string>): Promise<ActionState> {
  const fields = new FormData();
  for (const [name, value] of Object.entries(form)) fields.set(name, value);
  const cookie = `candor.session=${await sessionFor(person as never)}`;
  const outcome = await inRequestScope({ cookie }, () => saveAlertPreferencesAction(slug, { status: "idle" }, fields));
  if (!("returned" in outcome)) throw new Error(`redirected to ${outcome.redirect}`);
  return outcome.returned;
}

const storedOf = (w: World, name: Name) =>
  withTenant({ orgId: w.org.id }, async (tx) => {
    const m = await tx.member.findFirstOrThrow({ where: { orgId: w.org.id, userId: w.people[name].id }, select: { id: true, alertPreferences: { orderBy: { kind: "asc" }, select: { kind: true, channel: true } } } });
    return { id: m.id, prefs: Object.fromEntries(m.alertPreferences.map((p) => [p.kind, p.channel])) };
  });

describe("each member sets only their own alerts", () => {
  it("the page shows each reader the kinds their role receives with their channel; a viewer none", async () => {
    const w = await alertWorld("AlertPage");
    expect(await getAlertSettings({ ctx: w.as("OWNER") })).toEqual([
      { kind: "ACCESS_REQUEST", channel: "EMAIL" },
      { kind: "OBJECTION", channel: "EMAIL" },
      { kind: "DOMAIN_FAILURE", channel: "EMAIL" },
      { kind: "EXPIRY", channel: "EMAIL" },
      { kind: "REVIEW_DUE", channel: "EMAIL" },
    ]);
    expect(await getAlertSettings({ ctx: w.as("EDITOR") })).toEqual([
      { kind: "EXPIRY", channel: "OFF" },
      { kind: "REVIEW_DUE", channel: "OFF" },
    ]);
    expect(await getAlertSettings({ ctx: w.as("EDITOR2") })).toEqual([
      { kind: "EXPIRY", channel: "DIGEST" },
      { kind: "REVIEW_DUE", channel: "DIGEST" },
    ]);
    expect(await getAlertSettings({ ctx: w.as("VIEWER") })).toEqual([]);
  });

  it("a forged member id is refused by the domain function and ignored by the form: only the actor's row changes, audited", async () => {
    const w = await alertWorld("AlertForge");
    const admin2 = await storedOf(w, "ADMIN2");
    await expect(setAlertPreferences({ ctx: w.as("OWNER"), input: { OBJECTION: "OFF", memberId: admin2.id } })).rejects.toThrow();
    expect(await act(w.people.OWNER, w.org.slug, { OBJECTION: "OFF", memberId: admin2.id, userId: w.people.ADMIN2.id })).toEqual({ status: "success", message: "Your alert settings are saved." });
    expect((await storedOf(w, "OWNER")).prefs).toEqual({ OBJECTION: "OFF" });
    expect((await storedOf(w, "ADMIN2")).prefs).toEqual({ ACCESS_REQUEST: "DIGEST", OBJECTION: "DIGEST", DOMAIN_FAILURE: "DIGEST", EXPIRY: "DIGEST", REVIEW_DUE: "DIGEST" });
    expect(await act(w.people.OWNER, w.org.slug, { OBJECTION: "WEEKLY" })).toMatchObject({ status: "error" });
    const audit = (await auditOf(w.org.id, "alerts.")).filter((e) => e.actorEmail === w.people.OWNER.email);
    expect(audit.map((e) => [e.action, e.targetId, e.diff])).toEqual([["alerts.preferences.update", (await storedOf(w, "OWNER")).id, { OBJECTION: { from: "EMAIL", to: "OFF" } }]]);
  });

  it("a viewer is refused (403) for every kind and nothing is stored; an editor may set expiry but not access requests", async () => {
    const w = await alertWorld("AlertViewer");
    for (const kind of ["ACCESS_REQUEST", "OBJECTION", "DOMAIN_FAILURE", "EXPIRY", "REVIEW_DUE"]) {
      expect(await act(w.people.VIEWER, w.org.slug, { [kind]: "EMAIL" })).toMatchObject({ status: "error", code: "forbidden" });
    }
    expect((await storedOf(w, "VIEWER")).prefs).toEqual({});
    expect(await act(w.people.EDITOR, w.org.slug, { ACCESS_REQUEST: "EMAIL" })).toMatchObject({ status: "error", code: "forbidden" });
    expect(await act(w.people.EDITOR, w.org.slug, { EXPIRY: "EMAIL" })).toMatchObject({ status: "success" });
    expect((await storedOf(w, "EDITOR")).prefs).toEqual({ EXPIRY: "EMAIL" });
    at(1 * HOUR);
    await raise(w, "EXPIRY");
    expect((await mailsTo(w.people.EDITOR.email)).map((m) => m.template)).toEqual(["alert"]);
    expect(await mailsTo(w.people.VIEWER.email)).toEqual([]);
  });

  it("a member of another organisation is not found (404) naming this one's slug", async () => {
    const w = await alertWorld("AlertOutsider");
    const other = await createOrg(undefined, "AlertElsewhere");
    expect(await act(other.owner, w.org.slug, { OBJECTION: "OFF" })).toMatchObject({ status: "error", code: "not_found" });
    expect((await storedOf(w, "OWNER")).prefs).toEqual({});
  });
});
