import { Button, Heading, Hr, Link, Text } from "@react-email/components";
import type { EmailProps } from "../templates";
import { EmailLayout } from "./layout";

/** Alerts to members (ADR 033): one now, or the daily digest. Every caller's words are React text. */
const heading = { fontSize: 20, color: "#111827", margin: "0 0 12px" } as const;
const body = { fontSize: 15, color: "#374151" } as const;
const line = { fontSize: 14, color: "#374151", margin: "2px 0" } as const;
const small = { fontSize: 13, color: "#6b7280" } as const;
const button = { backgroundColor: "#111827", color: "#ffffff", borderRadius: 6, padding: "12px 20px", fontSize: 15, fontWeight: 600 } as const;

export function alertEmail({ orgName, subject, lines, url, settingsUrl }: EmailProps<"alert">) {
  return {
    subject: `${subject} (${orgName})`,
    element: (
      <EmailLayout preview={subject}>
        <Heading as="h1" style={heading}>
          {subject}
        </Heading>
        {lines.map((text, index) => (
          <Text key={index} style={body}>
            {text}
          </Text>
        ))}
        <Button href={url} style={{ ...button, marginTop: 8 }}>
          Open in Candor
        </Button>
        <Text style={{ ...small, marginTop: 24 }}>
          You get this because of your alert settings for {orgName}: <Link href={settingsUrl}>change them</Link>.
        </Text>
      </EmailLayout>
    ),
  };
}

export function alertDigestEmail({ orgName, alerts, more, url, settingsUrl }: EmailProps<"alert-digest">) {
  const count = alerts.length + more;
  return {
    subject: `${count} ${count === 1 ? "alert" : "alerts"} since your last digest (${orgName})`,
    element: (
      <EmailLayout preview={`${count} ${count === 1 ? "alert" : "alerts"} for ${orgName}.`}>
        <Heading as="h1" style={heading}>
          Your daily digest for {orgName}
        </Heading>
        {alerts.map((alert, index) => (
          <div key={index}>
            <Hr />
            <Text style={{ ...body, fontWeight: 600, margin: "8px 0 4px" }}>
              <Link href={alert.url}>{alert.subject}</Link>
            </Text>
            {alert.lines.map((text, i) => (
              <Text key={i} style={line}>
                {text}
              </Text>
            ))}
            <Text style={small}>{alert.at}</Text>
          </div>
        ))}
        {more > 0 ? <Text style={small}>And {more} more.</Text> : null}
        <Button href={url} style={{ ...button, marginTop: 16 }}>
          Open {orgName} in Candor
        </Button>
        <Text style={{ ...small, marginTop: 24 }}>
          You get this digest once a day when there is something new. <Link href={settingsUrl}>Change your alert settings</Link>.
        </Text>
      </EmailLayout>
    ),
  };
}
