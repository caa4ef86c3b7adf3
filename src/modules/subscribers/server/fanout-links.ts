import "server-only";

import { env } from "@/server/env";
import { tenantOrigin } from "@/server/hosts";

/**
 * The links in a subscriber's mail, on the organisation's platform host: its page, how to verify
 * it, and the subscriber's own manage and one-click unsubscribe addresses.
 */
export function noticeLinks(slug: string, subscriberId: string) {
  const origin = tenantOrigin(`${slug}.${env().PLATFORM_DOMAIN}`, env().APP_URL);
  return {
    pageUrl: `${origin}/`,
    verifyUrl: `${origin}/verify`,
    unsubscribeUrl: `${origin}/unsubscribe?s=${subscriberId}`,
    manageUrl: `${origin}/subscription?s=${subscriberId}`,
  };
}
