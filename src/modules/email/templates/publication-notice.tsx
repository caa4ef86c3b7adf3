import { Button, Heading, Link, Text } from "@react-email/components";
import { mailTranslator, type MailTranslate } from "../i18n";
import type { EmailProps } from "../templates";
import { EmailLayout } from "./layout";

/**
 * What a subscriber of a trust center receives (issue 13): the change in the changelog's words,
 * a link to the page and to its verification, and a visible unsubscribe and manage link (the
 * same unsubscribe address travels in the List-Unsubscribe header, RFC 8058: see
 * listUnsubscribeHeaders in ../templates.ts). The organisation's words are text, never markup. In
 * the subscriber's language (ADR 038); the change's lines are the changelog's words, as given.
 */
const heading = { fontSize: 20, color: "#111827", margin: "0 0 12px" } as const;
const body = { fontSize: 15, color: "#374151" } as const;
const line = { fontSize: 14, color: "#111827", margin: "4px 0" } as const;
const small = { fontSize: 13, color: "#6b7280" } as const;
const button = { backgroundColor: "#111827", color: "#ffffff", borderRadius: 6, padding: "12px 20px", fontSize: 15, fontWeight: 600 } as const;

function Footer({ orgName, unsubscribeUrl, manageUrl, verifyUrl, t }: { orgName: string; unsubscribeUrl: string; manageUrl: string; verifyUrl: string; t: MailTranslate }) {
  return (
    <>
      <Text style={{ ...small, marginTop: 16 }}>
        {t("notice.verify", { org: orgName })} <Link href={verifyUrl}>{t("notice.verifyLink")}</Link>.
      </Text>
      <Text style={{ ...small, marginTop: 16 }}>
        {t("notice.why", { org: orgName })} <Link href={manageUrl}>{t("notice.manageLink")}</Link> {t("notice.or")} <Link href={unsubscribeUrl}>{t("notice.unsubscribeLink")}</Link>.
      </Text>
    </>
  );
}

export function publicationNoticeEmail({ orgName, seq, lines, more, pageUrl, verifyUrl, unsubscribeUrl, manageUrl, locale }: EmailProps<"publication-notice">) {
  const t = mailTranslator(locale);
  return {
    subject: t("notice.subject", { org: orgName }),
    element: (
      <EmailLayout preview={lines[0] ?? t("notice.preview", { org: orgName })} locale={locale}>
        <Heading as="h1" style={heading}>
          {t("notice.heading", { org: orgName })}
        </Heading>
        <Text style={body}>{t("notice.body", { org: orgName, seq: String(seq) })}</Text>
        {lines.map((text, index) => (
          <Text key={index} style={line}>
            • {text}
          </Text>
        ))}
        {more > 0 ? <Text style={small}>{t("notice.more", { count: more })}</Text> : null}
        <Button href={pageUrl} style={{ ...button, marginTop: 16 }}>
          {t("trust.open")}
        </Button>
        <Footer orgName={orgName} unsubscribeUrl={unsubscribeUrl} manageUrl={manageUrl} verifyUrl={verifyUrl} t={t} />
      </EmailLayout>
    ),
  };
}

export function publicationDigestEmail({ orgName, period, notices, more, pageUrl, verifyUrl, unsubscribeUrl, manageUrl, locale }: EmailProps<"publication-digest">) {
  const t = mailTranslator(locale);
  const count = notices.length + more;
  return {
    subject: t("digest.subject", { org: orgName, count, period }),
    element: (
      <EmailLayout preview={t("digest.preview", { org: orgName, count })} locale={locale}>
        <Heading as="h1" style={heading}>
          {t("digest.heading", { org: orgName })}
        </Heading>
        {notices.map((notice) => (
          <div key={notice.seq}>
            <Text style={{ ...body, fontWeight: 600, marginBottom: 4 }}>{t("digest.item", { seq: String(notice.seq), date: notice.publishedOn })}</Text>
            {notice.lines.map((text, index) => (
              <Text key={index} style={line}>
                • {text}
              </Text>
            ))}
          </div>
        ))}
        {more > 0 ? <Text style={small}>{t("digest.more", { count: more })}</Text> : null}
        <Button href={pageUrl} style={{ ...button, marginTop: 16 }}>
          {t("trust.open")}
        </Button>
        <Footer orgName={orgName} unsubscribeUrl={unsubscribeUrl} manageUrl={manageUrl} verifyUrl={verifyUrl} t={t} />
      </EmailLayout>
    ),
  };
}
