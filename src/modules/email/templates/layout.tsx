import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import type { Locale } from "@/lib/locales";
import { mailTranslator } from "../i18n";

/** `locale`: a prospect's mail in their language (ADR 038); members' mails are in English. */
export function EmailLayout({ preview, children, locale = "en" }: { preview: string; children: ReactNode; locale?: Locale }) {
  return (
    <Html lang={locale}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: "#f6f7f9", fontFamily: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", margin: 0, padding: "24px 0" }}>
        <Container style={{ backgroundColor: "#ffffff", borderRadius: 8, padding: "32px", maxWidth: 520, border: "1px solid #e5e7eb" }}>
          <Text style={{ fontSize: 14, fontWeight: 700, letterSpacing: "0.04em", color: "#111827", margin: "0 0 16px" }}>CANDOR</Text>
          <Section>{children}</Section>
          <Hr style={{ borderColor: "#e5e7eb", margin: "24px 0 12px" }} />
          <Text style={{ fontSize: 12, color: "#6b7280", margin: 0 }}>
            {mailTranslator(locale)("layout.footer")}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}
