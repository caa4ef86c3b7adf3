import { Button, Heading, Text } from "@react-email/components";
import { mailTranslator } from "../i18n";
import type { EmailProps } from "../templates";
import { EmailLayout } from "./layout";

/**
 * Objections to subprocessor changes (ADR 031). Every value a visitor typed is React text, so
 * escaped. The objector's two mails are in the language of the pages they used (ADR 038); the
 * members' mail stays English.
 */
const heading = { fontSize: 20, color: "#111827", margin: "0 0 12px" } as const;
const body = { fontSize: 15, color: "#374151" } as const;
const small = { fontSize: 13, color: "#6b7280" } as const;
const button = { backgroundColor: "#111827", color: "#ffffff", borderRadius: 6, padding: "12px 20px", fontSize: 15, fontWeight: 600 } as const;

export function objectionVerifyEmail({ orgName, vendor, url, expiresInMinutes, locale }: EmailProps<"objection-verify">) {
  const t = mailTranslator(locale);
  const minutes = { minutes: expiresInMinutes };
  return {
    subject: t("objection.verify.subject", { org: orgName }),
    element: (
      <EmailLayout preview={t("objection.verify.preview", minutes)} locale={locale}>
        <Heading as="h1" style={heading}>
          {t("objection.verify.heading")}
        </Heading>
        <Text style={body}>{t("objection.verify.body", { org: orgName, vendor })}</Text>
        <Button href={url} style={button}>
          {t("objection.verify.button")}
        </Button>
        <Text style={{ ...small, marginTop: 24 }}>{t("objection.verify.small", minutes)}</Text>
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
  const t = mailTranslator(props.locale);
  const about = { org: props.orgName, reference: props.reference };
  return {
    subject: t("objection.receipt.subject", about),
    element: (
      <EmailLayout preview={t("objection.receipt.preview", about)} locale={props.locale}>
        <Heading as="h1" style={heading}>
          {t("objection.receipt.heading")}
        </Heading>
        <Text style={body}>{t("objection.receipt.body", { org: props.orgName, vendor: props.vendor, effectiveOn: props.effectiveOn, summary: props.summary })}</Text>
        <Text style={body}>{t("objection.receipt.reference", about)}</Text>
        <Button href={props.url} style={button}>
          {t("objection.receipt.button")}
        </Button>
      </EmailLayout>
    ),
  };
}
