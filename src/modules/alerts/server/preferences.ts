import "server-only";

import { recordAudit } from "@/modules/audit/server/audit";
import { now } from "@/server/clock";
import type { Tx } from "@/server/db/client";
import { inTenant } from "@/server/db/write";
import { AppError } from "@/server/errors";
import type { OrgContext } from "@/server/gate";
import { ALERT_KINDS, alertPreferencesSchema, defaultChannel, mayReceive, type AlertChannel, type AlertKind } from "../schema";

/**
 * A member's own alert settings (ADR 033). There is no member id in any input: the row read and
 * written is always the acting person's membership of the organisation named by the URL. A kind
 * the member's role may not receive cannot be set (403), so nobody stores a choice that does nothing.
 */

type Acting = Pick<OrgContext, "org" | "user" | "role">;

async function ownMember(tx: Tx, ctx: Acting) {
  const member = await tx.member.findFirst({
    where: { orgId: ctx.org.id, userId: ctx.user.id },
    select: { id: true, role: true, alertPreferences: { where: { orgId: ctx.org.id }, select: { kind: true, channel: true } } },
  });
  if (!member) throw new AppError("not_found", "No such organisation.");
  const stored = new Map(member.alertPreferences.map((p) => [p.kind as AlertKind, p.channel as AlertChannel]));
  return { id: member.id, role: member.role, channelOf: (kind: AlertKind) => stored.get(kind) ?? defaultChannel(kind, member.role) };
}

/** What the settings screen shows: the kinds this member may receive and their channel for each. */
export async function ownAlertSettings(tx: Tx, ctx: Acting) {
  const member = await ownMember(tx, ctx);
  return ALERT_KINDS.filter((kind) => mayReceive(member.role, kind)).map((kind) => ({ kind, channel: member.channelOf(kind) }));
}

/** The settings page's load: the reader's own kinds and channels. */
export async function getAlertSettings({ ctx }: { ctx: OrgContext }) {
  return inTenant(ctx, (tx) => ownAlertSettings(tx, ctx));
}

/** One kind's channel for the acting member (the access settings page's own form reads this). */
export async function ownChannel(tx: Tx, ctx: Acting, kind: AlertKind) {
  return (await ownMember(tx, ctx)).channelOf(kind);
}

/** Writes the acting member's channel for a kind; returns the one before. Audit is the caller's. */
export async function writeOwnChannel(tx: Tx, ctx: Acting, kind: AlertKind, channel: AlertChannel) {
  const member = await ownMember(tx, ctx);
  if (!mayReceive(member.role, kind)) throw new AppError("forbidden", "Your role does not receive this kind of alert.");
  const before = member.channelOf(kind);
  if (before !== channel) {
    await tx.alertPreference.upsert({
      where: { orgId_memberId_kind: { orgId: ctx.org.id, memberId: member.id, kind } },
      create: { orgId: ctx.org.id, memberId: member.id, kind, channel },
      update: { channel, updatedAt: new Date(now()) },
    });
  }
  return { memberId: member.id, before };
}

export async function setAlertPreferences({ ctx, input }: { ctx: OrgContext; input: unknown }) {
  const wanted = alertPreferencesSchema.parse(input);
  return inTenant(ctx, async (tx) => {
    const changed: Partial<Record<AlertKind, { from: AlertChannel; to: AlertChannel }>> = {};
    let memberId = "";
    for (const kind of ALERT_KINDS) {
      const channel = wanted[kind];
      if (!channel) continue;
      const written = await writeOwnChannel(tx, ctx, kind, channel);
      memberId = written.memberId;
      if (written.before !== channel) changed[kind] = { from: written.before, to: channel };
    }
    const kinds = Object.keys(changed) as AlertKind[];
    if (kinds.length > 0) {
      await recordAudit(tx, ctx, {
        action: "alerts.preferences.update",
        targetType: "member",
        targetId: memberId,
        before: Object.fromEntries(kinds.map((k) => [k, changed[k]!.from])),
        after: Object.fromEntries(kinds.map((k) => [k, changed[k]!.to])),
      });
    }
    return { changed: kinds };
  });
}
