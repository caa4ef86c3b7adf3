import { onPointerEvents } from "@/modules/publishing/server/pointer-cache";
import { PUBLICATION_CHANNEL } from "@/modules/publishing/server/channel";
import { listenForPublications } from "@/modules/publishing/server/public";
import { getPool } from "@/server/db/pool";
import { randomToken } from "@/server/crypto";

/**
 * Waits until this process has heard every publication notification sent before the call.
 * Postgres delivers a listener's notifications in commit order, so once a sentinel sent now has
 * arrived, so have all earlier ones (a publish's echo included). The sentinel is sent again
 * until heard: the listener may still be connecting.
 */
export async function publicationNotificationsSettled(timeoutMs = 20_000) {
  listenForPublications();
  const sentinel = `settled-${randomToken(6)}`;
  let heard = false;
  onPointerEvents({ forgotten: (slug) => void (slug === sentinel && (heard = true)), reset: () => undefined });
  const until = Date.now() + timeoutMs;
  while (!heard) {
    if (Date.now() > until) throw new Error("publication notifications did not settle");
    await getPool().query("SELECT pg_notify($1, $2)", [PUBLICATION_CHANNEL, sentinel]);
    for (let i = 0; i < 20 && !heard; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
