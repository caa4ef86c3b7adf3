import { TextField } from "@/components/ui/field";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENT_TYPES } from "@/modules/webhooks/schema";

type Values = { url: string; description: string; events: string[]; format: "STANDARD" | "SLACK" };
const EMPTY: Values = { url: "", description: "", events: [...WEBHOOK_EVENT_TYPES], format: "STANDARD" };

/** The fields of an endpoint, shared by the create and edit forms. */
export function EndpointFields({ values = EMPTY }: { values?: Values }) {
  return (
    <>
      <TextField name="url" label="URL" type="url" required defaultValue={values.url} placeholder="https://hooks.example.com/candor" autoComplete="off" spellCheck={false} hint="HTTPS only, to a public internet address. Redirects are not followed." />
      <TextField name="description" label="Description" defaultValue={values.description} maxLength={500} hint="For you: what receives these events." />
      <fieldset className="space-y-1 text-sm">
        <legend className="font-medium">Events</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type} className="flex items-center gap-2">
            <input type="checkbox" name="events" value={type} defaultChecked={values.events.includes(type)} />
            <span>
              <span className="font-mono">{type}</span> · {WEBHOOK_EVENT_LABELS[type]}
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset className="space-y-1 text-sm">
        <legend className="font-medium">Payload</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="format" value="STANDARD" defaultChecked={values.format === "STANDARD"} />
          <span>Standard Webhooks JSON (type, timestamp, data), signed</span>
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="format" value="SLACK" defaultChecked={values.format === "SLACK"} />
          <span>Slack-compatible (a one-line text message for an incoming webhook)</span>
        </label>
      </fieldset>
    </>
  );
}
