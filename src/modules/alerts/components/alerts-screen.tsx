import { ActionForm } from "@/components/action-form";
import { Card } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { saveAlertPreferencesAction } from "../actions";
import { ALERT_CHANNELS, ALERT_LABELS, CHANNEL_LABELS } from "../schema";
import type { getAlertSettings } from "../server/preferences";

type Settings = Awaited<ReturnType<typeof getAlertSettings>>;

/** One's own alerts for this organisation: a radio group per kind the role receives (plain form, works without JavaScript). */
export function AlertsScreen({ slug, orgName, settings }: { slug: string; orgName: string; settings: Settings }) {
  return (
    <div className="space-y-4">
      <h2 className="text-xl font-semibold">Your alerts</h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        How you hear about what needs attention in {orgName}. These are your choices only; other members choose their own. The daily digest arrives at 08:00 UTC when
        there is something new.
      </p>
      <Card>
        {settings.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Your role receives no alerts in this organisation.</p>
        ) : (
          <ActionForm action={saveAlertPreferencesAction.bind(null, slug)} className="space-y-4 text-sm">
            {settings.map(({ kind, channel }) => (
              <fieldset key={kind} className="space-y-1">
                <legend className="font-medium">{ALERT_LABELS[kind].title}</legend>
                <p className="text-zinc-600 dark:text-zinc-400">{ALERT_LABELS[kind].hint}</p>
                <div className="flex flex-wrap gap-4">
                  {ALERT_CHANNELS.map((value) => (
                    <label key={value} className="flex items-center gap-2">
                      <input type="radio" name={kind} value={value} defaultChecked={channel === value} required /> {CHANNEL_LABELS[value]}
                    </label>
                  ))}
                </div>
              </fieldset>
            ))}
            <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
          </ActionForm>
        )}
      </Card>
    </div>
  );
}
