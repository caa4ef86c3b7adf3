-- Daily review reminders: the worker emails each control's owner once per review cycle, 14 days
-- before the control goes stale.

SET LOCAL ROLE candor_owner;

ALTER TABLE "Control" ADD COLUMN "reviewReminderDueAt" TIMESTAMPTZ(3);

-- The worker acts for every organisation in turn; this names them, nothing more.
CREATE FUNCTION candor_org_ids() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT id FROM "Organization" ORDER BY id $$;
REVOKE ALL ON FUNCTION candor_org_ids() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION candor_org_ids() TO candor_app;

SELECT pgboss.create_queue('controls.review-reminders', '{"policy":"singleton","retryLimit":3,"retryDelay":60,"retryBackoff":true,"expireInSeconds":900}'::json);
