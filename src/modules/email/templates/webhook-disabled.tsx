import { Button, Heading, Text } from "@react-email/components";
import type { EmailProps } from "../templates";
import { EmailLayout } from "./layout";

/** Owners and admins: an endpoint stopped receiving webhooks after repeated failures (ADR 032). */
export function webhookDisabledEmail({ orgName, endpointUrl, failures, reason, url }: EmailProps<"webhook-disabled">) {
  return {
    subject: `A webhook endpoint was disabled (${orgName})`,
    element: (
      <EmailLayout preview="A webhook endpoint was disabled after repeated failures">
        <Heading as="h1" style={{ fontSize: 20, color: "#111827", margin: "0 0 12px" }}>
          A webhook endpoint was disabled
        </Heading>
        <Text style={{ fontSize: 15, color: "#374151" }}>
          Candor could not deliver to {endpointUrl} {failures} times in a row, so it stopped sending events there. Nothing more is sent
          until someone fixes the receiver and enables the endpoint again.
        </Text>
        <Text style={{ fontSize: 14, color: "#111827" }}>{reason}</Text>
        <Button href={url} style={{ backgroundColor: "#111827", color: "#ffffff", borderRadius: 6, padding: "12px 20px", fontSize: 15, fontWeight: 600, marginTop: 16 }}>
          Open webhook settings
        </Button>
      </EmailLayout>
    ),
  };
}
