import { Button, Heading, Link, Text } from "@react-email/components";
import type { EmailProps } from "../templates";
import { EmailLayout } from "./layout";

/**
 * What a subscriber of a trust center receives (issue 13): the change in the changelog's words,
 * a link to the page and to its verification, and a visible unsubscribe and manage link (the
 * same unsubscribe address travels in the List-Unsubscribe header, RFC 8058: see
 * listUnsubscribeHeaders in ../templates.ts). The organisation's words are text, never markup.
 */
const heading = { fontSize: 20, color: "#111827", margin: "0 0 12px" } as const;
const body = { fontSize: 15, color: "#374151" } as const;
const line = { fontSize: 14, color: "#111827", margin: "4px 0" } as const;
const small = { fontSize: 13, color: "#6b7280" } as const;
const button = { backgroundColor: "#111827", color: "#ffffff", borderRadius: 6, padding: "12px 20px", fontSize: 15, fontWeight: 600 } as const;

function Footer({ orgName, unsubscribeUrl, manageUrl, verifyUrl }: { orgName: string; unsubscribeUrl: string; manageUrl: string; verifyUrl: string }) {
  return (
    <>
      <Text style={{ ...small, marginTop: 16 }}>
        Check that this is what {orgName} signed: <Link href={verifyUrl}>verify the publication</Link>.
      </Text>
      <Text style={{ ...small, marginTop: 16 }}>
        You get this because you subscribed to {orgName}&apos;s trust center updates. <Link href={manageUrl}>Manage your topics</Link> or{" "}
        <Link href={unsubscribeUrl}>unsubscribe</Link>.
      </Text>
    </>
  );
}

export function publicationNoticeEmail({ orgName, seq, lines, more, pageUrl, verifyUrl, unsubscribeUrl, manageUrl }: EmailProps<"publication-notice">) {
  return {
    subject: `${orgName} updated its trust center`,
    element: (
      <EmailLayout preview={lines[0] ?? `${orgName} published a change.`}>
        <Heading as="h1" style={heading}>
          What changed at {orgName}
        </Heading>
        <Text style={body}>{orgName} published a new version of its trust center (publication #{seq}):</Text>
        {lines.map((text, index) => (
          <Text key={index} style={line}>
            • {text}
          </Text>
        ))}
        {more > 0 ? <Text style={small}>And {more} more changes, listed on the changelog.</Text> : null}
        <Button href={pageUrl} style={{ ...button, marginTop: 16 }}>
          Open the trust center
        </Button>
        <Footer orgName={orgName} unsubscribeUrl={unsubscribeUrl} manageUrl={manageUrl} verifyUrl={verifyUrl} />
      </EmailLayout>
    ),
  };
}

export function publicationDigestEmail({ orgName, period, notices, more, pageUrl, verifyUrl, unsubscribeUrl, manageUrl }: EmailProps<"publication-digest">) {
  const count = notices.length + more;
  return {
    subject: `${orgName}: ${count} trust center ${count === 1 ? "update" : "updates"} (${period} digest)`,
    element: (
      <EmailLayout preview={`${count} ${count === 1 ? "publication" : "publications"} of ${orgName}'s trust center since your last digest.`}>
        <Heading as="h1" style={heading}>
          {orgName}&apos;s trust center since your last digest
        </Heading>
        {notices.map((notice) => (
          <div key={notice.seq}>
            <Text style={{ ...body, fontWeight: 600, marginBottom: 4 }}>
              Publication #{notice.seq}, {notice.publishedOn}
            </Text>
            {notice.lines.map((text, index) => (
              <Text key={index} style={line}>
                • {text}
              </Text>
            ))}
          </div>
        ))}
        {more > 0 ? <Text style={small}>And {more} more publications, listed on the changelog.</Text> : null}
        <Button href={pageUrl} style={{ ...button, marginTop: 16 }}>
          Open the trust center
        </Button>
        <Footer orgName={orgName} unsubscribeUrl={unsubscribeUrl} manageUrl={manageUrl} verifyUrl={verifyUrl} />
      </EmailLayout>
    ),
  };
}
