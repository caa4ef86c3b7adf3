-- How each owner and admin hears about verified access requests that wait for review (issue 12,
-- ADR 029 addendum D): one mail per request (the default, as before), one daily digest, or none.
-- A member sets only their own. `lastAccessDigestAt` is the end of the window the member's last
-- digest covered: the next digest lists requests verified after it, so a late or repeated run
-- neither repeats nor loses a request.

SET LOCAL ROLE candor_owner;

CREATE TYPE "AccessMailPreference" AS ENUM ('EACH', 'DAILY', 'NONE');

ALTER TABLE "Member"
  ADD COLUMN "accessRequestMail" "AccessMailPreference" NOT NULL DEFAULT 'EACH',
  ADD COLUMN "lastAccessDigestAt" TIMESTAMPTZ(3);

-- The digest (src/worker/main.ts, daily at 08:00 UTC): one run at a time.
SELECT pgboss.create_queue('access.digest', '{"policy":"singleton","retryLimit":3,"retryDelay":60,"retryBackoff":true,"expireInSeconds":900}'::json);
