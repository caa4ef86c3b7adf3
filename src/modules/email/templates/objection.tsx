import { Button, Heading, Text } from "@react-email/components";
import type { EmailProps } from "../templates";
import { EmailLayout } from "./layout";

/** Objections to subprocessor changes (ADR 031). Every value a visitor typed is React text, so escaped. */
const heading = { fontSize: 20, color: "#111827", margin: "0 0 12px" } as const;
const body = { fontSize: 15, color: "#374151" } as const;
const small = { fontSize: 13, color: "#6b7280" } as const;
const button = { backgroundColor: "#111827", color: "#ffffff", borderRadius: 6, padding: "12px 20px", fontSize: 15, fontWeight: 600 } as const;

export function objectionVerifyEmail({ orgName, vendor, url, expiresInMinutes }: EmailProps<"objection-verify">) {
  return {
    subject: `Confirm your objection to ${orgName}'s subprocessor change`,
    element: (
      <EmailLayout preview={`Confirm your address; the link works for ${expiresInMinutes} minutes.`}>
        <Heading as="h1" style={heading}>
          Confirm your objection
        </Heading>
        <Text style={body}>You objected to a change of {orgName}&apos;s subprocessor {vendor}. Confirm that this address is yours to send the objection:</Text>
        <Button href={url} style={button}>
          Confirm my objection
        </Button>
        <Text style={{ ...small, marginTop: 24 }}>The link works once and expires in {expiresInMinutes} minutes. If you did not object, ignore this email: nothing is sent.</Text>
      </EmailLayout>
    ),
  };
}

export function objectionFiledEmail(props: EmailProps<"objection-filed">) {
  return {
    subject: `Objection ${props.reference} to ${props.vendor} (${props.orgName})`,
    element: (
      <EmailLayout preview={`${props.objectorEmail} objects to the change of ${props.vendor}.`}>
        <Heading as="h1" style={heading}>
          An objection to a subprocessor change
        </Heading>
        <Text style={body}>
          {props.objectorEmail} of {props.company} confirmed their address and objects to the change of {props.vendor}, effective {props.effectiveOn}: {props.summary}
        </Text>
        <Text style={{ ...body, fontStyle: "italic" }}>“{props.reason}”</Text>
        <Button href={props.url} style={button}>
          Open the register
        </Button>
        <Text style={{ ...small, marginTop: 24 }}>Reference {props.reference}.</Text>
      </EmailLayout>
    ),
  };
}

export function objectionReceiptEmail(props: EmailProps<"objection-receipt">) {
  return {
    subject: `Your objection ${props.reference} to ${props.orgName}`,
    element: (
      <EmailLayout preview={`${props.orgName} received your objection ${props.reference}.`}>
        <Heading as="h1" style={heading}>
          Your objection was received
        </Heading>
        <Text style={body}>
          {props.orgName} received your objection to the change of {props.vendor}, effective {props.effectiveOn}: {props.summary}
        </Text>
        <Text style={body}>Your reference is {props.reference}. Quote it when you write to {props.orgName} about it.</Text>
        <Button href={props.url} style={button}>
          Open the trust center
        </Button>
      </EmailLayout>
    ),
  };
}
