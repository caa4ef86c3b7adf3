import { ActionForm } from "@/components/action-form";
import { MarkdownField } from "@/components/markdown/markdown-field";
import { Markdown } from "@/components/markdown/markdown";
import { Card } from "@/components/ui/card";
import { DateText } from "@/components/ui/date-text";
import { Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { Table } from "@/components/ui/table";
import { can, type Role } from "@/modules/permissions/permissions";
import { publishNdaAction, saveAccessMailPreferenceAction, saveAccessRulesAction, saveAccessSettingsAction } from "../actions";
import { describeRule, NO_RULE_MATCHED } from "../rules";
import { GRANT_DAYS, IP_RECORDING, MAIL_CAP, MAIL_PREFERENCES, MAX_NDA_CHARS, NDA_MODES, type MailPreference } from "../schema";
import type { getAccessSettings } from "../server/settings";
import { AccessHeader } from "./access-nav";
import { RulesEditor } from "./rules-editor";

type Data = Awaited<ReturnType<typeof getAccessSettings>>;
type NdaVersion = Data["ndaVersions"][number];

const NDA_LABELS: Record<(typeof NDA_MODES)[number], string> = { NONE: "No NDA", CLICK_THROUGH: "Click-through NDA (accepted on the request form)", EXTERNAL: "Signed outside Candor (attach the signed copy when approving)" };
const IP_LABELS: Record<(typeof IP_RECORDING)[number], string> = { FULL: "Full address", TRUNCATED: "Truncated (IPv4 /24, IPv6 /48)", NONE: "Not recorded" };
const MAIL_LABELS: Record<MailPreference, string> = { EACH: "Each request", DAILY: "A daily digest (08:00 UTC, when there is something new)", NONE: "Never" };
const field = "block w-32 rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** The reader's own mail about requests; then settings, the ordered rules and the NDA versions: owners and admins change them, reviewers read them. */
export function AccessSettingsScreen({ slug, role, data }: { slug: string; role: Role; data: Data }) {
  const canManage = can(role, "access.manage");
  return (
    <AccessHeader slug={slug} current="settings">
      <MailCard slug={slug} mail={data.mail} />
      {canManage ? null : <p className="text-sm text-zinc-600 dark:text-zinc-400">Owners and admins change these; you can read them.</p>}
      <Card>
        <h3 className="font-semibold">Settings</h3>
        {canManage ? <SettingsForm slug={slug} settings={data.settings} /> : <SettingsList settings={data.settings} />}
      </Card>
      <Card>
        <h3 className="font-semibold">Rules</h3>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Evaluated in this order when a requester confirms their address: the first rule that matches decides. When none matches, the request waits here for manual review.
        </p>
        {canManage ? (
          <RulesEditor action={saveAccessRulesAction.bind(null, slug)} rules={data.rules} version={data.settings.rulesVersion} />
        ) : (
          <ol className="mt-3 list-none space-y-1 text-sm" data-testid="rules-list">
            {data.rules.map((rule, index) => (
              <li key={rule.id}>{describeRule(rule, index + 1)}</li>
            ))}
            <li className="text-zinc-500">{NO_RULE_MATCHED}</li>
          </ol>
        )}
      </Card>
      <NdaCard slug={slug} canManage={canManage} versions={data.ndaVersions} />
    </AccessHeader>
  );
}

/** One's own mail about requests that wait for review: a plain form (radio buttons work without JavaScript). */
function MailCard({ slug, mail }: { slug: string; mail: Data["mail"] }) {
  return (
    <Card>
      <h3 className="font-semibold">Your email about access requests</h3>
      {mail.receives ? (
        <ActionForm action={saveAccessMailPreferenceAction.bind(null, slug)} className="mt-3 space-y-3 text-sm">
          <fieldset className="space-y-1">
            <legend className="mb-1 font-medium">Email me about requests that wait for review:</legend>
            {MAIL_PREFERENCES.map((value) => (
              <label key={value} className="flex items-center gap-2">
                <input type="radio" name="accessRequestMail" value={value} defaultChecked={mail.preference === value} required /> {MAIL_LABELS[value]}
              </label>
            ))}
          </fieldset>
          <p className="text-zinc-600 dark:text-zinc-400">This is your choice only; other owners and admins choose their own.</p>
          <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
        </ActionForm>
      ) : (
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Owners and admins are emailed about requests that wait for review; your role is not. The queue is on the Requests page.</p>
      )}
    </Card>
  );
}

function SettingsList({ settings }: { settings: Data["settings"] }) {
  return (
    <dl className="mt-3 grid grid-cols-[14rem_1fr] gap-y-1 text-sm">
      <dt className="text-zinc-500">NDA</dt>
      <dd>{NDA_LABELS[settings.ndaMode]}</dd>
      <dt className="text-zinc-500">IP addresses</dt>
      <dd>{IP_LABELS[settings.ipRecording]}</dd>
      <dt className="text-zinc-500">Default grant</dt>
      <dd>{settings.defaultGrantDays} days</dd>
      <dt className="text-zinc-500">Emails to prospects per hour</dt>
      <dd>{settings.mailCapPerHour}</dd>
    </dl>
  );
}

function SettingsForm({ slug, settings }: { slug: string; settings: Data["settings"] }) {
  return (
    <ActionForm action={saveAccessSettingsAction.bind(null, slug)} className="mt-3 space-y-3 text-sm">
      <input type="hidden" name="version" value={settings.version} />
      <label className="block space-y-1">
        <span className="block font-medium">NDA</span>
        <Select name="ndaMode" defaultValue={settings.ndaMode} options={NDA_MODES.map((m) => ({ value: m, label: NDA_LABELS[m] }))} />
      </label>
      <label className="block space-y-1">
        <span className="block font-medium">IP addresses of prospects (requests, NDA acceptances, downloads)</span>
        <Select name="ipRecording" defaultValue={settings.ipRecording} options={IP_RECORDING.map((m) => ({ value: m, label: IP_LABELS[m] }))} />
      </label>
      <label className="block space-y-1">
        <span className="block font-medium">Default grant (days)</span>
        <input type="number" name="defaultGrantDays" min={GRANT_DAYS.min} max={GRANT_DAYS.max} defaultValue={settings.defaultGrantDays} required className={field} />
      </label>
      <label className="block space-y-1">
        <span className="block font-medium">Emails to prospects per hour (at most)</span>
        <input type="number" name="mailCapPerHour" min={MAIL_CAP.min} max={MAIL_CAP.max} defaultValue={settings.mailCapPerHour} required className={field} />
      </label>
      <SubmitButton pendingLabel="Saving…">Save settings</SubmitButton>
    </ActionForm>
  );
}

function NdaCard({ slug, canManage, versions }: { slug: string; canManage: boolean; versions: NdaVersion[] }) {
  return (
    <Card>
      <h3 className="font-semibold">NDA versions</h3>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        A version never changes once published: new text is a new version, and each acceptance records the version and the SHA-256 of the text shown. New requests see the latest.
      </p>
      <Table<NdaVersion>
        columns={[
          { key: "number", header: "Version", cell: (v) => `v${v.number}` },
          { key: "sha", header: "SHA-256", className: "font-mono text-xs break-all", cell: (v) => v.sha256 },
          { key: "when", header: "Published", className: "whitespace-nowrap", cell: (v) => <DateText value={v.createdAt} withTime /> },
          { key: "by", header: "By", cell: (v) => v.createdByEmail ?? "—" },
          { key: "again", header: "Re-acceptance", cell: (v) => (v.requireReacceptance ? "Required of existing grantees" : "New requests only") },
          {
            key: "text",
            header: "Text",
            cell: (v) => (
              <details>
                <summary className="cursor-pointer">Read</summary>
                <div className="mt-2 max-w-xl">
                  <Markdown>{v.markdown}</Markdown>
                </div>
              </details>
            ),
          },
        ]}
        rows={versions}
        rowKey={(v) => v.id}
        rowTestId={(v) => `nda-v${v.number}`}
        empty="No NDA published yet."
      />
      {canManage ? (
        <ActionForm action={publishNdaAction.bind(null, slug)} className="mt-4 space-y-3 text-sm">
          <h4 className="font-semibold">Publish a new version</h4>
          <MarkdownField name="markdown" label="NDA text" defaultValue={versions[0]?.markdown ?? ""} rows={10} required hint={`Markdown, at most ${MAX_NDA_CHARS.toLocaleString("en")} characters. HTML is shown as text.`} />
          <label className="flex items-center gap-2">
            <input type="checkbox" name="requireReacceptance" /> Require existing grantees to accept this version at their next visit
          </label>
          <SubmitButton pendingLabel="Publishing…">Publish new version</SubmitButton>
        </ActionForm>
      ) : null}
    </Card>
  );
}
