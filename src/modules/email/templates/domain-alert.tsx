import { Button, Heading, Text } from "@react-email/components";
import type { EmailProps } from "../templates";
import { EmailLayout } from "./layout";

const COPY = {
  failing: {
    subject: (host: string) => `Action needed: ${host} failed its DNS check`,
    heading: "Your custom domain failed its DNS check",
    body: (host: string) =>
      `${host} no longer passes Candor's DNS check. Your trust center is still served there for now; if the check keeps failing for 72 hours, the domain will be suspended and stop serving it.`,
  },
  suspended: {
    subject: (host: string) => `${host} is suspended`,
    heading: "Your custom domain is suspended",
    body: (host: string) =>
      `${host} has failed Candor's DNS check for 72 hours, so it no longer serves your trust center (your Candor address still does). Fix the DNS records; the next successful check restores it.`,
  },
  restored: {
    subject: (host: string) => `${host} is back`,
    heading: "Your custom domain passes again",
    body: (host: string) => `${host} passes Candor's DNS check again and serves your trust center.`,
  },
  lost: {
    subject: (host: string) => `${host} was claimed by another organisation`,
    heading: "Your custom domain was taken over",
    body: (host: string) =>
      `Another organisation on Candor proved control of ${host} by publishing its own verification record in the domain's DNS, so the domain now serves its trust center, not yours. If you did not expect this, check who can change your DNS.`,
  },
} as const;

export function domainAlertEmail({ orgName, hostname, kind, detail, url }: EmailProps<"domain-alert">) {
  const copy = COPY[kind];
  return {
    subject: `${copy.subject(hostname)} (${orgName})`,
    element: (
      <EmailLayout preview={copy.subject(hostname)}>
        <Heading as="h1" style={{ fontSize: 20, color: "#111827", margin: "0 0 12px" }}>
          {copy.heading}
        </Heading>
        <Text style={{ fontSize: 15, color: "#374151" }}>{copy.body(hostname)}</Text>
        {detail ? <Text style={{ fontSize: 14, color: "#111827" }}>{detail}</Text> : null}
        <Button href={url} style={{ backgroundColor: "#111827", color: "#ffffff", borderRadius: 6, padding: "12px 20px", fontSize: 15, fontWeight: 600, marginTop: 16 }}>
          Open domain settings
        </Button>
      </EmailLayout>
    ),
  };
}
