import { Button, Heading, Text } from "@react-email/components";
import type { EmailProps } from "../templates";
import { EmailLayout } from "./layout";

export function reviewReminderEmail({ orgName, url, controls }: EmailProps<"review-reminder">) {
  const count = controls.length;
  return {
    subject: `${count} ${count === 1 ? "control needs" : "controls need"} review soon (${orgName})`,
    element: (
      <EmailLayout preview={`${controls.map((c) => c.ref).join(", ")} in ${orgName}`}>
        <Heading as="h1" style={{ fontSize: 20, color: "#111827", margin: "0 0 12px" }}>
          Controls due for review
        </Heading>
        <Text style={{ fontSize: 15, color: "#374151" }}>
          You own {count === 1 ? "this control" : "these controls"} in {orgName}. {count === 1 ? "Its" : "Their"} last review will be older than the review
          cadence soon; after that the trust page shows {count === 1 ? "it" : "them"} as needing review.
        </Text>
        {controls.map((control) => (
          <Text key={control.ref} style={{ fontSize: 14, color: "#111827", margin: "4px 0" }}>
            <strong>{control.ref}</strong> {control.title}: due {control.dueOn}
          </Text>
        ))}
        <Button href={url} style={{ backgroundColor: "#111827", color: "#ffffff", borderRadius: 6, padding: "12px 20px", fontSize: 15, fontWeight: 600, marginTop: 16 }}>
          Review controls
        </Button>
      </EmailLayout>
    ),
  };
}
