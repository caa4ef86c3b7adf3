import "server-only";

import { render } from "@react-email/render";
import type { ReactElement } from "react";
import { emailTemplates, type EmailMessage } from "../templates";
import { accessDecisionEmail } from "../templates/access-decision";
import { accessDigestEmail, accessLinkEmail, accessReviewEmail, accessVerifyEmail } from "../templates/access";
import { domainAlertEmail } from "../templates/domain-alert";
import { invitationEmail } from "../templates/invitation";
import { publicationRequestEmail } from "../templates/publication-request";
import { reviewReminderEmail } from "../templates/review-reminder";
import { signInEmail } from "../templates/sign-in";
import { verifyCodeEmail } from "../templates/verify-code";
import { webhookDisabledEmail } from "../templates/webhook-disabled";

export type RenderedEmail = { subject: string; html: string; text: string };

/** Renders a message (worker side). Props are re-validated: the payload came from storage. */
export async function renderEmail(message: Pick<EmailMessage, "template" | "props">): Promise<RenderedEmail> {
  let built: { subject: string; element: ReactElement };
  switch (message.template) {
    case "sign-in":
      built = signInEmail(emailTemplates["sign-in"].parse(message.props));
      break;
    case "invitation":
      built = invitationEmail(emailTemplates.invitation.parse(message.props));
      break;
    case "review-reminder":
      built = reviewReminderEmail(emailTemplates["review-reminder"].parse(message.props));
      break;
    case "domain-alert":
      built = domainAlertEmail(emailTemplates["domain-alert"].parse(message.props));
      break;
    case "publication-request":
      built = publicationRequestEmail(emailTemplates["publication-request"].parse(message.props));
      break;
    case "access-decision":
      built = accessDecisionEmail(emailTemplates["access-decision"].parse(message.props));
      break;
    case "access-verify":
      built = accessVerifyEmail(emailTemplates["access-verify"].parse(message.props));
      break;
    case "access-link":
      built = accessLinkEmail(emailTemplates["access-link"].parse(message.props));
      break;
    case "access-review":
      built = accessReviewEmail(emailTemplates["access-review"].parse(message.props));
      break;
    case "access-digest":
      built = accessDigestEmail(emailTemplates["access-digest"].parse(message.props));
      break;
    case "webhook-disabled":
      built = webhookDisabledEmail(emailTemplates["webhook-disabled"].parse(message.props));
      break;
    case "verify-code":
      built = verifyCodeEmail(emailTemplates["verify-code"].parse(message.props));
      break;
    default: {
      const unknown: never = message.template;
      throw new Error(`Unknown email template: ${String(unknown)}`);
    }
  }
  const [html, text] = await Promise.all([render(built.element), render(built.element, { plainText: true })]);
  return { subject: built.subject, html, text };
}
