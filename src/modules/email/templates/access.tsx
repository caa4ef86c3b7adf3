import { Button, Heading, Text } from "@react-email/components";
import { mailTranslator } from "../i18n";
import type { EmailProps } from "../templates";
import { EmailLayout } from "./layout";

/** The prospect's mails (ADR 029), in their language (ADR 038): like sign-in's, a button to a page that confirms by POST. */
const heading = { fontSize: 20, color: "#111827", margin: "0 0 12px" } as const;
const body = { fontSize: 15, color: "#374151" } as const;
const small = { fontSize: 13, color: "#6b7280" } as const;
const button = { backgroundColor: "#111827", color: "#ffffff", borderRadius: 6, padding: "12px 20px", fontSize: 15, fontWeight: 600 } as const;

export function accessVerifyEmail({ orgName, url, expiresInMinutes, locale }: EmailProps<"access-verify">) {
  const t = mailTranslator(locale);
  const minutes = { minutes: expiresInMinutes };
  return {
    subject: t("access.verify.subject", { org: orgName }),
    element: (
      <EmailLayout preview={t("access.verify.preview", minutes)} locale={locale}>
        <Heading as="h1" style={heading}>
          {t("access.verify.heading")}
        </Heading>
        <Text style={body}>{t("access.verify.body", { org: orgName })}</Text>
        <Button href={url} style={button}>
          {t("access.verify.button")}
        </Button>
        <Text style={{ ...small, marginTop: 24 }}>{t("access.verify.small", minutes)}</Text>
      </EmailLayout>
    ),
  };
}

export function accessLinkEmail({ orgName, url, expiresInHours, locale }: EmailProps<"access-link">) {
  const t = mailTranslator(locale);
  const hours = { hours: expiresInHours };
  return {
    subject: t("access.link.subject", { org: orgName }),
    element: (
      <EmailLayout preview={t("access.link.preview", { org: orgName, ...hours })} locale={locale}>
        <Heading as="h1" style={heading}>
          {t("access.link.heading")}
        </Heading>
        <Text style={body}>{t("access.link.body", { org: orgName })}</Text>
        <Button href={url} style={button}>
          {t("trust.open")}
        </Button>
        <Text style={{ ...small, marginTop: 24 }}>{t("access.link.small", hours)}</Text>
      </EmailLayout>
    ),
  };
}

export function accessReviewEmail({ orgName, requesterEmail, fullName, company, reason, url }: EmailProps<"access-review">) {
  return {
    subject: `Access request from ${requesterEmail} (${orgName})`,
    element: (
      <EmailLayout preview={`${requesterEmail} asks for NDA documents; no rule decided it.`}>
        <Heading as="h1" style={heading}>
          An access request waits for review
        </Heading>
        <Text style={body}>
          {fullName} ({requesterEmail}) of {company} confirmed their address and asks for {orgName}&apos;s NDA documents. No rule approved or denied it.
        </Text>
        {reason ? <Text style={{ ...body, fontStyle: "italic" }}>“{reason}”</Text> : null}
        <Button href={url} style={button}>
          Review the request
        </Button>
      </EmailLayout>
    ),
  };
}
