import { Button, Heading, Text } from "@react-email/components";
import { mailTranslator } from "../i18n";
import type { EmailProps } from "../templates";
import { EmailLayout } from "./layout";

type Props = EmailProps<"access-decision">;

/** A prospect hears a reviewer's decision, in their language (ADR 038): approved (the single-use access link) or denied (the reason, if given). */
export function accessDecisionEmail(props: Props) {
  const t = mailTranslator(props.locale);
  const approved = props.kind === "approved";
  const heading = t(approved ? "decision.approved.heading" : "decision.denied.heading", { org: props.orgName });
  return {
    subject: heading,
    element: (
      <EmailLayout preview={heading} locale={props.locale}>
        <Heading as="h1" style={{ fontSize: 20, color: "#111827", margin: "0 0 12px" }}>
          {heading}
        </Heading>
        {approved ? (
          <Text style={{ fontSize: 15, color: "#374151" }}>
            {t("decision.approved.granted", { until: props.expiresOn ?? "none" })} {t("decision.approved.once", { hours: props.linkExpiresInHours ? String(props.linkExpiresInHours) : "none" })}
          </Text>
        ) : (
          <Text style={{ fontSize: 15, color: "#374151" }}>{t("decision.denied.body", { org: props.orgName })}</Text>
        )}
        {!approved && props.detail ? <Text style={{ fontSize: 14, color: "#111827" }}>{t("decision.reason", { reason: props.detail })}</Text> : null}
        <Button href={props.url} style={{ backgroundColor: "#111827", color: "#ffffff", borderRadius: 6, padding: "12px 20px", fontSize: 15, fontWeight: 600, marginTop: 16 }}>
          {t(approved ? "decision.approved.button" : "decision.denied.button")}
        </Button>
      </EmailLayout>
    ),
  };
}
