import "server-only";

import { pageUrl, type Site } from "@/modules/access/server/site";
import { enqueueEmail } from "@/modules/email/server/outbox";
import type { Locale } from "@/lib/locales";
import { translator } from "@/modules/publishing/render/i18n";
import { CONFIRM_TTL_HOURS, type SubscriberTopic } from "../schema";
import { subscriberLinks } from "./links";
import type { SubscribeDelivery } from "./subscriptions";

/** A topic's label as the trust page's subscribe form shows it, in the subscriber's language. */
const TOPIC_KEYS = { SECURITY: "subscribe.topic.security", SUBPROCESSORS: "subscribe.topic.subprocessors", CERTIFICATIONS: "subscribe.topic.certifications", GENERAL: "subscribe.topic.general" } as const;
const topicLabel = (topic: SubscriberTopic, locale: Locale) => translator(locale)(TOPIC_KEYS[topic]);

/**
 * The subscriber's mails, put in the outbox inside subscribe()'s transaction, with links to the
 * host the subscription was made on.
 */
export function subscribeDelivery(site: Site, orgName: string, locale: Locale = "en"): SubscribeDelivery {
  return {
    confirm: (tx, token, to) =>
      enqueueEmail(tx, {
        to: to.email,
        template: "subscriber-confirm",
        props: { orgName, url: `${pageUrl(site, "/subscribe/confirm")}?${new URLSearchParams({ token })}`, topics: to.topics.map((topic) => topicLabel(topic, locale)), expiresInHours: CONFIRM_TTL_HOURS, locale },
      }),
    manage: (tx, subscriber) => {
      const links = subscriberLinks({ host: site.host, slug: site.base ? site.slug : null, subscriberId: subscriber.id });
      return enqueueEmail(tx, { to: subscriber.email, template: "subscriber-manage", props: { orgName, url: links.manage, unsubscribeUrl: links.unsubscribe, locale } });
    },
  };
}
