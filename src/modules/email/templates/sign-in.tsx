import { Button, Heading, Text } from "@react-email/components";
import type { EmailProps } from "../templates";
import { EmailLayout } from "./layout";

export function signInEmail({ url, code, expiresInMinutes }: EmailProps<"sign-in">) {
  return {
    subject: "Sign in to Candor",
    element: (
      <EmailLayout preview={`Your sign-in link and code, valid for ${expiresInMinutes} minutes.`}>
        <Heading as="h1" style={{ fontSize: 20, color: "#111827", margin: "0 0 12px" }}>
          Sign in to Candor
        </Heading>
        <Text style={{ fontSize: 15, color: "#374151" }}>Click the button to continue signing in:</Text>
        <Button
          href={url}
          style={{ backgroundColor: "#111827", color: "#ffffff", borderRadius: 6, padding: "12px 20px", fontSize: 15, fontWeight: 600 }}
        >
          Sign in
        </Button>
        <Text style={{ fontSize: 15, color: "#374151", marginTop: 24 }}>Or enter this code on the sign-in page:</Text>
        <Text style={{ fontSize: 28, fontWeight: 700, letterSpacing: "0.3em", color: "#111827", fontFamily: "ui-monospace, monospace" }}>
          {code}
        </Text>
        <Text style={{ fontSize: 13, color: "#6b7280" }}>
          The link and the code work once and expire in {expiresInMinutes} minutes. Requesting a new one cancels this one.
        </Text>
      </EmailLayout>
    ),
  };
}
