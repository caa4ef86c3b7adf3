import "server-only";

import { recordedHostOrigin } from "@/server/hosts";
import { env } from "@/server/env";
import { subscriberLinks } from "./links";

/**
 * The links in a subscriber's mail, on the host they subscribed on (under /t/{slug} when that was
 * the app host): the page, how to verify it, and their own manage and one-click unsubscribe
 * addresses, signed by subscriberLinks().
 */
export function noticeLinks(subscriber: { host: string; slug: string; id: string }) {
  const app = new URL(env().APP_URL);
  const onApp = subscriber.host === app.host || subscriber.host === app.hostname;
  const origin = onApp ? `${app.origin}/t/${subscriber.slug}` : recordedHostOrigin(subscriber.host, env().APP_URL);
  const links = subscriberLinks({ host: onApp ? app.host : subscriber.host, slug: onApp ? subscriber.slug : null, subscriberId: subscriber.id });
  return { pageUrl: `${origin}/`, verifyUrl: `${origin}/verify`, unsubscribeUrl: links.unsubscribe, manageUrl: links.manage };
}
