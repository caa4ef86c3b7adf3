import "server-only";

import { render } from "@react-email/render";
import type { ReactElement } from "react";
import { emailTemplates, headersFor, type EmailMessage } from "../templates";
import { accessDecisionEmail } from "../templates/access-decision";
import { accessLinkEmail, accessReviewEmail, accessVerifyEmail } from "../templates/access";
import { alertDigestEmail, alertEmail } from "../templates/alert";
import { domainAlertEmail } from "../templates/domain-alert";
import { invitationEmail } from "../templates/invitation";
import { publicationDigestEmail, publicationNoticeEmail } from "../templates/publication-notice";
import { objectionFiledEmail, objectionReceiptEmail, objectionVerifyEmail } from "../templates/objection";
import { publicationRequestEmail } from "../templates/publication-request";
import { reviewReminderEmail } from "../templates/review-reminder";
import { signInEmail } from "../templates/sign-in";
import { subscriberConfirmEmail, subscriberManageEmail } from "../templates/subscribers";
import { verifyCodeEmail } from "../templates/verify-code";
import { webhookDisabledEmail } from "../templates/webhook-disabled";

export type RenderedEmail = { subject: string; html: string; text: string; headers?: Record<string, string> };

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
    case "subscriber-confirm":
      built = subscriberConfirmEmail(emailTemplates["subscriber-confirm"].parse(message.props));
      break;
    case "subscriber-manage":
      built = subscriberManageEmail(emailTemplates["subscriber-manage"].parse(message.props));
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
    case "alert":
      built = alertEmail(emailTemplates.alert.parse(message.props));
      break;
    case "alert-digest":
      built = alertDigestEmail(emailTemplates["alert-digest"].parse(message.props));
      break;
    case "publication-notice":
      built = publicationNoticeEmail(emailTemplates["publication-notice"].parse(message.props));
      break;
    case "publication-digest":
      built = publicationDigestEmail(emailTemplates["publication-digest"].parse(message.props));
      break;
    case "objection-verify":
      built = objectionVerifyEmail(emailTemplates["objection-verify"].parse(message.props));
      break;
    case "objection-filed":
      built = objectionFiledEmail(emailTemplates["objection-filed"].parse(message.props));
      break;
    case "objection-receipt":
      built = objectionReceiptEmail(emailTemplates["objection-receipt"].parse(message.props));
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
  const headers = headersFor(message);
  return headers ? { subject: built.subject, html, text, headers } : { subject: built.subject, html, text };
}
