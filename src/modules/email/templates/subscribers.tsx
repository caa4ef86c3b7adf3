import { Button, Heading, Link, Text } from "@react-email/components";
import type { EmailProps } from "../templates";
import { EmailLayout } from "./layout";

/** A subscriber's mails (ADR 030): like the prospect's, a button to a page that confirms by POST. */
const heading = { fontSize: 20, color: "#111827", margin: "0 0 12px" } as const;
const body = { fontSize: 15, color: "#374151" } as const;
const small = { fontSize: 13, color: "#6b7280" } as const;
const button = { backgroundColor: "#111827", color: "#ffffff", borderRadius: 6, padding: "12px 20px", fontSize: 15, fontWeight: 600 } as const;

export function subscriberConfirmEmail({ orgName, url, topics, expiresInHours }: EmailProps<"subscriber-confirm">) {
  return {
    subject: `Confirm your subscription to ${orgName}'s trust center`,
    element: (
      <EmailLayout preview={`Confirm your address; the link works for ${expiresInHours} hours.`}>
        <Heading as="h1" style={heading}>
          Confirm your subscription
        </Heading>
        <Text style={body}>
          You asked to hear from {orgName}&apos;s trust center about: {topics.join(", ")}. Confirm that this address is yours:
        </Text>
        <Button href={url} style={button}>
          Confirm my subscription
        </Button>
        <Text style={{ ...small, marginTop: 24 }}>The link works once and expires in {expiresInHours} hours. If you did not ask, ignore this email: you will get nothing else from us.</Text>
      </EmailLayout>
    ),
  };
}

export function subscriberManageEmail({ orgName, url, unsubscribeUrl }: EmailProps<"subscriber-manage">) {
  return {
    subject: `Your subscription to ${orgName}'s trust center`,
    element: (
      <EmailLayout preview="You are already subscribed: change your topics or unsubscribe.">
        <Heading as="h1" style={heading}>
          You are already subscribed
        </Heading>
        <Text style={body}>Someone, probably you, asked to subscribe this address to {orgName}&apos;s trust center again. You are already subscribed; nothing changed.</Text>
        <Button href={url} style={button}>
          Manage your subscription
        </Button>
        <Text style={{ ...small, marginTop: 24 }}>
          No longer interested? <Link href={unsubscribeUrl}>Unsubscribe</Link>.
        </Text>
      </EmailLayout>
    ),
  };
}
