import { Button, Heading, Text } from "@react-email/components";
import type { EmailProps } from "../templates";
import { EmailLayout } from "./layout";

type Props = EmailProps<"access-decision">;

/** A prospect hears a reviewer's decision: approved (the single-use access link) or denied (the reason, if given). */
export function accessDecisionEmail(props: Props) {
  const approved = props.kind === "approved";
  const heading = approved ? `Your access to ${props.orgName}'s documents was approved` : `Your access request to ${props.orgName} was declined`;
  return {
    subject: heading,
    element: (
      <EmailLayout preview={heading}>
        <Heading as="h1" style={{ fontSize: 20, color: "#111827", margin: "0 0 12px" }}>
          {heading}
        </Heading>
        {approved ? (
          <Text style={{ fontSize: 15, color: "#374151" }}>
            Open the link below to see the documents you were granted{props.expiresOn ? `, until ${props.expiresOn}` : ""}. The link works once
            {props.linkExpiresInHours ? ` and expires in ${props.linkExpiresInHours} hours` : ""}; from the trust center you can ask for a new one while your access lasts.
          </Text>
        ) : (
          <Text style={{ fontSize: 15, color: "#374151" }}>{props.orgName} declined your request for its NDA documents.</Text>
        )}
        {!approved && props.detail ? <Text style={{ fontSize: 14, color: "#111827" }}>Their reason: {props.detail}</Text> : null}
        <Button href={props.url} style={{ backgroundColor: "#111827", color: "#ffffff", borderRadius: 6, padding: "12px 20px", fontSize: 15, fontWeight: 600, marginTop: 16 }}>
          {approved ? "Open the documents" : "Visit the trust center"}
        </Button>
      </EmailLayout>
    ),
  };
}
