import { Heading, Text } from "@react-email/components";
import type { EmailProps } from "../templates";
import { EmailLayout } from "./layout";

export function verifyCodeEmail({ code, expiresInMinutes }: EmailProps<"verify-code">) {
  return {
    subject: "Confirm it is you (Candor)",
    element: (
      <EmailLayout preview={`A code to confirm a change, valid for ${expiresInMinutes} minutes.`}>
        <Heading as="h1" style={{ fontSize: 20, color: "#111827", margin: "0 0 12px" }}>
          Confirm it is you
        </Heading>
        <Text style={{ fontSize: 15, color: "#374151" }}>You asked to make a sensitive change in Candor. Enter this code to confirm:</Text>
        <Text style={{ fontSize: 28, fontWeight: 700, letterSpacing: "0.3em", color: "#111827", fontFamily: "ui-monospace, monospace" }}>{code}</Text>
        <Text style={{ fontSize: 13, color: "#6b7280" }}>
          It works once and expires in {expiresInMinutes} minutes. It cannot be used to sign in. If you did not ask for it, someone may be
          using your session: sign out everywhere from Your account.
        </Text>
      </EmailLayout>
    ),
  };
}
