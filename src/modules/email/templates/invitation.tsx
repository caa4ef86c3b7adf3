import { Button, Heading, Text } from "@react-email/components";
import type { EmailProps } from "../templates";
import { EmailLayout } from "./layout";

export function invitationEmail({ orgName, inviterEmail, role, url, expiresInDays }: EmailProps<"invitation">) {
  return {
    subject: `You are invited to ${orgName} on Candor`,
    element: (
      <EmailLayout preview={`${inviterEmail} invited you to ${orgName} as ${role}.`}>
        <Heading as="h1" style={{ fontSize: 20, color: "#111827", margin: "0 0 12px" }}>
          Join {orgName} on Candor
        </Heading>
        <Text style={{ fontSize: 15, color: "#374151" }}>
          {inviterEmail} invited you to {orgName}&apos;s trust center as <strong>{role}</strong>.
        </Text>
        <Button href={url} style={{ backgroundColor: "#111827", color: "#ffffff", borderRadius: 6, padding: "12px 20px", fontSize: 15, fontWeight: 600 }}>
          View the invitation
        </Button>
        <Text style={{ fontSize: 13, color: "#6b7280", marginTop: 24 }}>
          The invitation works once and expires in {expiresInDays} days. If you did not expect it, ignore this email: nothing happens
          unless you accept.
        </Text>
      </EmailLayout>
    ),
  };
}
