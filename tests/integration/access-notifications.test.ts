// First: Next's request-scope storage must exist before any Next module loads (see the file).
import { inRequestScope } from "../support/next-request";
import { afterEach, describe, expect, it } from "vitest";
import { saveAccessMailPreferenceAction } from "@/modules/access/actions";
import { DIGEST_GRACE_MS, sendDigests, sendDigestsEverywhere } from "@/modules/alerts/server/digest";
import { mailReviewers } from "@/modules/access/server/mail";
import { setMailPreference } from "@/modules/access/server/mail-preference";
import { approveRequest } from "@/modules/access/server/review";
import { verifyAccessRequest } from "@/modules/access/server/requests";
import { getAccessSettings } from "@/modules/access/server/settings";
import type { Site } from "@/modules/access/server/site";
import { renderEmail } from "@/modules/email/server/render";
import type { ActionState } from "@/server/action-state";
import { setClock } from "@/server/clock";
import { withTenant } from "@/server/db/tenant";
import { accessWorld, auditOf, submit } from "../support/access";
import { mailsTo } from "../support/access-routes";
import { addMember } from "../support/factories";
import { sessionFor } from "../support/tenant-world";

/**
 * Mail to owners and admins about verified requests that wait for review (issue 12; ADR 029,
 * addendum D): each member's own choice of each request / a daily digest / none, and the digest's
 * window (from the member's last digest to the run's time less a 5-minute grace), which neither
 * repeats nor skips a request when the job runs late or twice.
 */
afterEach(() => setClock());

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** A fixed start, so the times the digest prints can be written out: 2031-05-06 06:00 UTC. */
const T0 = Date.parse("2031-05-06T06:00:00.000Z");
const at = (offset: number) => setClock(() => T0 + offset);

type World = Awaited<ReturnType<typeof notifyWorld>>;
type Person = World["owner"];

/**
 * An organisation whose rules send every request to review, with its owner on "each request"
 * (the default), its admin on "daily digest", and a second admin on "never", chosen at T0.
 */
async function notifyWorld(name: string) {
  const world = await accessWorld(name, []);
  const quiet = await addMember(world.org.id, "ADMIN");
  at(0);
  await setMailPreference({ ctx: await world.as(world.admin, "access.notify"), input: { accessRequestMail: "DAILY" } });
  await setMailPreference({ ctx: await world.as(quiet, "access.notify"), input: { accessRequestMail: "NONE" } });
  const site: Site = { slug: world.org.slug, host: world.host, base: "", origin: `http://${world.host}:3000` };
  /** A prospect asks and confirms their address at T0 + `offset`; no rule decides, so reviewers are told (as the verify route does). */
  const verified = async (offset: number, email: string, extra: Record<string, unknown> = {}) => {
    at(offset);
    const { token, requestId } = await submit(world.pub, email, extra);
    await verifyAccessRequest({ ctx: world.pub, token, notifyReview: mailReviewers(site, world.org.id, world.org.name) });
    return requestId;
  };
  return { ...world, quiet, verified };
}

const templatesTo = async (person: { email: string }) => (await mailsTo(person.email)).map((m) => m.template);
const digestsTo = async (person: { email: string }) => (await mailsTo(person.email)).filter((m) => m.template === "alert-digest").map((m) => m.props);
/** The requesters' addresses a digest lists (each alert's subject names one in brackets). */
const listed = (digest: Record<string, unknown>) => (digest.alerts as { subject: string }[]).map((a) => /\(([^()]+)\) of /.exec(a.subject)?.[1]);
/** The member's access-request choice in this form's words (it is their ACCESS_REQUEST alert setting since issue 13). */
const preferenceOf = (orgId: string, userId: string) =>
  withTenant({ orgId }, async (tx) => {
    const row = await tx.member.findFirstOrThrow({ where: { orgId, userId }, select: { id: true, alertPreferences: { where: { kind: "ACCESS_REQUEST" }, select: { channel: true } } } });
    return { id: row.id, accessRequestMail: ({ EMAIL: "EACH", DIGEST: "DAILY", OFF: "NONE" } as const)[row.alertPreferences[0]?.channel ?? "EMAIL"] };
  });

async function act(person: Person, form: Record<string, string>, slug: string): Promise<ActionState> {
  const fields = new FormData();
  for (const [name, value] of Object.entries(form)) fields.set(name, value);
  const cookie = `candor.session=${await sessionFor(person)}`;
  const outcome = await inRequestScope({ cookie }, () => saveAccessMailPreferenceAction(slug, { status: "idle" }, fields));
  if (!("returned" in outcome)) throw new Error(`redirected to ${outcome.redirect}`);
  return outcome.returned;
}

describe("who is mailed about requests that wait for review", () => {
  it("each request: one access-review mail per verified request; daily: nothing at once, then one digest listing both; again the same day: nothing; never: nothing ever", async () => {
    const w = await notifyWorld("NotifyKinds");
    await w.verified(1 * HOUR, "pat@globex.example", { fullName: "Pat Buyer", company: "Globex" });
    await w.verified(2 * HOUR, "sam@initech.example", { fullName: "Sam Lumbergh", company: "Initech" });

    const toOwner = await mailsTo(w.owner.email);
    expect(toOwner.map((m) => [m.template, m.props.requesterEmail])).toEqual([
      ["access-review", "pat@globex.example"],
      ["access-review", "sam@initech.example"],
    ]);
    expect(await templatesTo(w.admin)).toEqual([]);
    expect(await templatesTo(w.quiet)).toEqual([]);
    expect(await templatesTo(w.editor)).toEqual([]);
    expect(await templatesTo(w.viewer)).toEqual([]);

    at(1 * DAY + 2 * HOUR); // the next morning, 08:00 UTC
    expect(await sendDigests(w.org.id)).toBe(1);
    expect(await digestsTo(w.admin)).toEqual([
      {
        orgName: "NotifyKinds",
        alerts: [
          {
            kind: "ACCESS_REQUEST",
            subject: "Access request from Pat Buyer (pat@globex.example) of Globex",
            lines: ["Confirmed their address 2031-05-06 07:00 UTC; no rule decided it."],
            at: "2031-05-06 07:00 UTC",
            url: `http://localhost:3000/dashboard/${w.org.slug}/access`,
          },
          {
            kind: "ACCESS_REQUEST",
            subject: "Access request from Sam Lumbergh (sam@initech.example) of Initech",
            lines: ["Confirmed their address 2031-05-06 08:00 UTC; no rule decided it."],
            at: "2031-05-06 08:00 UTC",
            url: `http://localhost:3000/dashboard/${w.org.slug}/access`,
          },
        ],
        more: 0,
        url: `http://localhost:3000/dashboard/${w.org.slug}`,
        settingsUrl: `http://localhost:3000/dashboard/${w.org.slug}/account-alerts`,
      },
    ]);

    at(1 * DAY + 5 * HOUR); // the job runs again the same day: nothing new
    expect(await sendDigests(w.org.id)).toBe(0);
    expect(await templatesTo(w.admin)).toEqual(["alert-digest"]);
    expect(await templatesTo(w.owner)).toEqual(["access-review", "access-review"]);
    expect(await templatesTo(w.quiet)).toEqual([]);
    expect(await templatesTo(w.editor)).toEqual([]);
  });

  it("a digest that runs late lists everything since the last one, once; a request verified within the grace waits for the next; a decided one is not listed", async () => {
    const w = await notifyWorld("NotifyLate");
    await w.verified(1 * HOUR, "a@one.example");
    // No run the next day (the worker was down); the one after covers both days.
    at(2 * DAY);
    expect(await sendDigests(w.org.id)).toBe(1);
    expect((await digestsTo(w.admin)).map(listed)).toEqual([["a@one.example"]]);

    await w.verified(2 * DAY + 1 * HOUR, "b@two.example");
    const decided = await w.verified(2 * DAY + 2 * HOUR, "c@three.example");
    await approveRequest({ ctx: await w.as(w.owner, "access.review"), input: { requestId: decided } });
    // Two minutes before the next run: inside the grace, so it belongs to the digest after.
    await w.verified(3 * DAY - 2 * MINUTE, "d@four.example");
    at(3 * DAY);
    expect(await sendDigests(w.org.id)).toBe(1);
    at(4 * DAY);
    expect(await sendDigests(w.org.id)).toBe(1);
    expect((await digestsTo(w.admin)).map(listed)).toEqual([["a@one.example"], ["b@two.example"], ["d@four.example"]]);
    expect(DIGEST_GRACE_MS).toBe(5 * MINUTE);
  });

  it("two runs at the same moment send one digest", async () => {
    const w = await notifyWorld("NotifyTwice");
    await w.verified(1 * HOUR, "twice@globex.example");
    at(1 * DAY);
    const sent = await Promise.all([sendDigests(w.org.id), sendDigests(w.org.id)]);
    expect(sent.sort()).toEqual([0, 1]);
    expect(await templatesTo(w.admin)).toEqual(["alert-digest"]);
  });

  it("choosing the digest starts it from then: a request already mailed one by one is not listed again", async () => {
    const w = await notifyWorld("NotifySwitch");
    await w.verified(1 * HOUR, "early@globex.example");
    at(2 * HOUR);
    await setMailPreference({ ctx: await w.as(w.owner, "access.notify"), input: { accessRequestMail: "DAILY" } });
    await w.verified(3 * HOUR, "later@globex.example");
    at(1 * DAY);
    await sendDigests(w.org.id);
    expect(await templatesTo(w.owner)).toEqual(["access-review", "alert-digest"]);
    expect((await digestsTo(w.owner)).map(listed)).toEqual([["later@globex.example"]]);
  });

  it("a member of another organisation never gets this organisation's requests, by either kind of mail", async () => {
    const acme = await notifyWorld("NotifyAcme");
    const globex = await notifyWorld("NotifyGlobex");
    await acme.verified(1 * HOUR, "only-acme@prospect.example");
    at(1 * DAY);
    const result = await sendDigestsEverywhere();
    expect(result.failed).toBe(0);
    for (const person of [globex.owner, globex.admin, globex.quiet, globex.editor, globex.viewer]) expect(await templatesTo(person)).toEqual([]);
    expect(await templatesTo(acme.owner)).toEqual(["access-review"]);
    expect((await digestsTo(acme.admin)).map(listed)).toEqual([["only-acme@prospect.example"]]);
  });

  it("a requester's HTML and script in name and company are text in the rendered digest", async () => {
    const w = await notifyWorld("NotifyXss");
    await w.verified(1 * HOUR, "mallory@evil.example", { fullName: "<script>alert('name')</script>", company: '<img src=x onerror="alert(1)">' });
    at(1 * DAY);
    await sendDigests(w.org.id);
    const [props] = await digestsTo(w.admin);
    const email = await renderEmail({ template: "alert-digest", props: props as never });
    expect(email.subject).toBe("1 alert since your last digest (NotifyXss)");
    expect(email.html).not.toContain("<script>alert");
    expect(email.html).not.toContain("<img src=x");
    expect(email.html).toContain("&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;");
    expect(email.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(email.html).toContain(`href="http://localhost:3000/dashboard/${w.org.slug}/access"`);
    expect(email.text).toContain(`Access request from <script>alert('name')</script> (mallory@evil.example) of <img src=x onerror="alert(1)">`);
  });
});

describe("choosing one's own mail", () => {
  it("a member changes only their own choice: the form names no member, and an input that does is refused", async () => {
    const w = await notifyWorld("NotifyOwn");
    const adminRow = await preferenceOf(w.org.id, w.admin.id);
    expect(await act(w.owner, { accessRequestMail: "NONE", memberId: adminRow.id }, w.org.slug)).toEqual({ status: "success", message: "You will not be emailed about access requests." });
    expect((await preferenceOf(w.org.id, w.owner.id)).accessRequestMail).toBe("NONE");
    expect((await preferenceOf(w.org.id, w.admin.id)).accessRequestMail).toBe("DAILY");
    const ownerCtx = await w.as(w.owner, "access.notify");
    await expect(setMailPreference({ ctx: ownerCtx, input: { accessRequestMail: "EACH", memberId: adminRow.id } })).rejects.toThrow();
    expect((await preferenceOf(w.org.id, w.admin.id)).accessRequestMail).toBe("DAILY");
    expect((await act(w.owner, { accessRequestMail: "WEEKLY" }, w.org.slug)).status).toBe("error");
    const ownerRow = await preferenceOf(w.org.id, w.owner.id);
    expect((await auditOf(w.org.id, "access.mail.update")).map((e) => [e.actorEmail, e.targetId, e.diff])).toEqual([
      [w.admin.email, adminRow.id, { accessRequestMail: { from: "EACH", to: "DAILY" } }],
      [w.quiet.email, (await preferenceOf(w.org.id, w.quiet.id)).id, { accessRequestMail: { from: "EACH", to: "NONE" } }],
      [w.owner.email, ownerRow.id, { accessRequestMail: { from: "EACH", to: "NONE" } }],
    ]);
  });

  it("an editor or a viewer is refused (403) and nothing changes; a demoted admin's old choice mails nothing", async () => {
    const w = await notifyWorld("NotifyRoles");
    for (const person of [w.editor, w.viewer]) {
      expect(await act(person, { accessRequestMail: "DAILY" }, w.org.slug)).toMatchObject({ status: "error", code: "forbidden" });
      expect((await preferenceOf(w.org.id, person.id)).accessRequestMail).toBe("EACH");
      await expect(w.as(person, "access.notify")).rejects.toMatchObject({ code: "forbidden" });
    }
    // The admin on the daily digest becomes an editor: no digest and no per-request mail.
    await withTenant({ orgId: w.org.id }, (tx) => tx.member.updateMany({ where: { orgId: w.org.id, userId: w.admin.id }, data: { role: "EDITOR" } }));
    await w.verified(1 * HOUR, "after-demotion@globex.example");
    at(1 * DAY);
    expect(await sendDigests(w.org.id)).toBe(0);
    expect(await templatesTo(w.admin)).toEqual([]);
    expect(await templatesTo(w.editor)).toEqual([]);
    expect(await auditOf(w.org.id, "access.mail.update")).toHaveLength(2);
  });

  it("the settings page shows each reader their own choice, and an editor that they are not mailed", async () => {
    const w = await notifyWorld("NotifyScreen");
    expect((await getAccessSettings({ ctx: await w.as(w.owner, "access.review") })).mail).toEqual({ receives: true, preference: "EACH" });
    expect((await getAccessSettings({ ctx: await w.as(w.admin, "access.review") })).mail).toEqual({ receives: true, preference: "DAILY" });
    expect((await getAccessSettings({ ctx: await w.as(w.editor, "access.review") })).mail).toEqual({ receives: false, preference: "EACH" });
  });
});
