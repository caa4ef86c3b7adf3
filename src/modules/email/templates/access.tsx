import { Button, Heading, Text } from "@react-email/components";
import type { EmailProps } from "../templates";
import { EmailLayout } from "./layout";

/** The prospect's mails (ADR 029): like sign-in's, a button to a page that confirms by POST. */
const heading = { fontSize: 20, color: "#111827", margin: "0 0 12px" } as const;
const body = { fontSize: 15, color: "#374151" } as const;
const small = { fontSize: 13, color: "#6b7280" } as const;
const button = { backgroundColor: "#111827", color: "#ffffff", borderRadius: 6, padding: "12px 20px", fontSize: 15, fontWeight: 600 } as const;

export function accessVerifyEmail({ orgName, url, expiresInMinutes }: EmailProps<"access-verify">) {
  return {
    subject: `Confirm your email to request documents from ${orgName}`,
    element: (
      <EmailLayout preview={`Confirm your address; the link works for ${expiresInMinutes} minutes.`}>
        <Heading as="h1" style={heading}>
          Confirm your email address
        </Heading>
        <Text style={body}>You asked {orgName}&apos;s trust center for documents shared under NDA. Confirm that this address is yours to send the request:</Text>
        <Button href={url} style={button}>
          Confirm my address
        </Button>
        <Text style={{ ...small, marginTop: 24 }}>The link works once and expires in {expiresInMinutes} minutes. If you did not ask, ignore this email: nothing is sent to anyone.</Text>
      </EmailLayout>
    ),
  };
}

export function accessLinkEmail({ orgName, url, expiresInHours }: EmailProps<"access-link">) {
  return {
    subject: `Your access to ${orgName}'s trust center`,
    element: (
      <EmailLayout preview={`Open ${orgName}'s documents; the link works once, for ${expiresInHours} hours.`}>
        <Heading as="h1" style={heading}>
          Your access is ready
        </Heading>
        <Text style={body}>{orgName} shares its NDA documents with you. Open the trust center with this link:</Text>
        <Button href={url} style={button}>
          Open the trust center
        </Button>
        <Text style={{ ...small, marginTop: 24 }}>
          The link works once, in this browser, and expires in {expiresInHours} hours. If it has expired, ask for a new one on the trust center&apos;s access page.
        </Text>
      </EmailLayout>
    ),
  };
}

export function accessReviewEmail({ orgName, requesterEmail, fullName, company, reason, url }: EmailProps<"access-review">) {
  return {
    subject: `Access request from ${requesterEmail} (${orgName})`,
    element: (
      <EmailLayout preview={`${requesterEmail} asks for NDA documents; no rule decided it.`}>
        <Heading as="h1" style={heading}>
          An access request waits for review
        </Heading>
        <Text style={body}>
          {fullName} ({requesterEmail}) of {company} confirmed their address and asks for {orgName}&apos;s NDA documents. No rule approved or denied it.
        </Text>
        {reason ? <Text style={{ ...body, fontStyle: "italic" }}>“{reason}”</Text> : null}
        <Button href={url} style={button}>
          Review the request
        </Button>
      </EmailLayout>
    ),
  };
}
