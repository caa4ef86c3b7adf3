import { Button, Heading, Text } from "@react-email/components";
import type { EmailProps } from "../templates";
import { EmailLayout } from "./layout";

type Props = EmailProps<"publication-request">;

const COPY = {
  requested: {
    subject: ({ orgName }: Props) => `Publication requested for ${orgName}`,
    heading: "A publication is waiting for your review",
    body: ({ actorEmail, orgName }: Props) =>
      `${actorEmail} asked to publish ${orgName}'s trust center. Review what would change and approve or reject it; nothing is public until an owner or admin approves.`,
    detailLabel: "Their note",
    button: "Review the request",
  },
  approved: {
    subject: ({ orgName, seq }: Props) => `Your publication request for ${orgName} was approved${seq ? ` (#${seq})` : ""}`,
    heading: "Your publication request was approved",
    body: ({ actorEmail, seq }: Props) => `${actorEmail} approved it${seq ? `: publication #${seq} is live` : ""}.`,
    detailLabel: "",
    button: "Open the publish page",
  },
  rejected: {
    subject: ({ orgName }: Props) => `Your publication request for ${orgName} was rejected`,
    heading: "Your publication request was rejected",
    body: ({ actorEmail }: Props) => `${actorEmail} rejected it. Nothing was published.`,
    detailLabel: "Their reason",
    button: "Open the publish page",
  },
  superseded: {
    subject: ({ orgName }: Props) => `Your publication request for ${orgName} was replaced`,
    heading: "Your publication request was replaced",
    body: ({ actorEmail }: Props) => `${actorEmail} published or asked to publish a newer draft, which replaces your request.`,
    detailLabel: "",
    button: "Open the publish page",
  },
} as const;

/** Publication requests (ADR 022): owners and admins hear of a request; the requester of its outcome. */
export function publicationRequestEmail(props: Props) {
  const copy = COPY[props.kind];
  return {
    subject: copy.subject(props),
    element: (
      <EmailLayout preview={copy.heading}>
        <Heading as="h1" style={{ fontSize: 20, color: "#111827", margin: "0 0 12px" }}>
          {copy.heading}
        </Heading>
        <Text style={{ fontSize: 15, color: "#374151" }}>{copy.body(props)}</Text>
        {props.detail && copy.detailLabel ? (
          <Text style={{ fontSize: 14, color: "#111827" }}>
            {copy.detailLabel}: {props.detail}
          </Text>
        ) : null}
        <Button href={props.url} style={{ backgroundColor: "#111827", color: "#ffffff", borderRadius: 6, padding: "12px 20px", fontSize: 15, fontWeight: 600, marginTop: 16 }}>
          {copy.button}
        </Button>
      </EmailLayout>
    ),
  };
}
