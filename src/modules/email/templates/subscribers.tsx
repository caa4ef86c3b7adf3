import { Button, Heading, Link, Text } from "@react-email/components";
import { mailTranslator } from "../i18n";
import type { EmailProps } from "../templates";
import { EmailLayout } from "./layout";

/** A subscriber's mails (ADR 030), in their language (ADR 038): a button to a page that confirms by POST. */
const heading = { fontSize: 20, color: "#111827", margin: "0 0 12px" } as const;
const body = { fontSize: 15, color: "#374151" } as const;
const small = { fontSize: 13, color: "#6b7280" } as const;
const button = { backgroundColor: "#111827", color: "#ffffff", borderRadius: 6, padding: "12px 20px", fontSize: 15, fontWeight: 600 } as const;

export function subscriberConfirmEmail({ orgName, url, topics, expiresInHours, locale }: EmailProps<"subscriber-confirm">) {
  const t = mailTranslator(locale);
  const hours = { hours: expiresInHours };
  return {
    subject: t("subscriber.confirm.subject", { org: orgName }),
    element: (
      <EmailLayout preview={t("subscriber.confirm.preview", hours)} locale={locale}>
        <Heading as="h1" style={heading}>
          {t("subscriber.confirm.heading")}
        </Heading>
        <Text style={body}>{t("subscriber.confirm.body", { org: orgName, topics: topics.join(", ") })}</Text>
        <Button href={url} style={button}>
          {t("subscriber.confirm.button")}
        </Button>
        <Text style={{ ...small, marginTop: 24 }}>{t("subscriber.confirm.small", hours)}</Text>
      </EmailLayout>
    ),
  };
}

export function subscriberManageEmail({ orgName, url, unsubscribeUrl, locale }: EmailProps<"subscriber-manage">) {
  const t = mailTranslator(locale);
  return {
    subject: t("subscriber.manage.subject", { org: orgName }),
    element: (
      <EmailLayout preview={t("subscriber.manage.preview")} locale={locale}>
        <Heading as="h1" style={heading}>
          {t("subscriber.manage.heading")}
        </Heading>
        <Text style={body}>{t("subscriber.manage.body", { org: orgName })}</Text>
        <Button href={url} style={button}>
          {t("subscriber.manage.button")}
        </Button>
        <Text style={{ ...small, marginTop: 24 }}>
          {t("subscriber.manage.noLonger")} <Link href={unsubscribeUrl}>{t("subscriber.unsubscribe")}</Link>.
        </Text>
      </EmailLayout>
    ),
  };
}
