-- A custom domain is announced on `candor_domain` only when what a reader of the channel acts on
-- changes: the row itself (insert, delete), its host name, owner, status or verification. Every
-- web process answers an announcement by forgetting the host's mapping, emptying its ready
-- answers for every tenant (src/server/edge/hot.ts), removing the host's files for the edge and
-- rewriting its organisation's (src/server/edge/published-dir.ts); the worker looks for artifacts
-- to render. The daily DNS re-check writes lastCheckedAt (and lastSucceededAt, reason, message,
-- failingSince) on every domain it checks, so with the trigger firing on any update, each healthy
-- domain's routine check did all of that in every process; at 100,000 domains, 100,000 times a day.
-- The bookkeeping columns are named here, not the others, so a column added later announces.

SET LOCAL ROLE candor_owner;

DROP TRIGGER custom_domain_notify ON "CustomDomain";
CREATE TRIGGER custom_domain_notify AFTER INSERT OR DELETE ON "CustomDomain"
  FOR EACH ROW EXECUTE FUNCTION custom_domain_notify();
CREATE TRIGGER custom_domain_notify_change AFTER UPDATE ON "CustomDomain"
  FOR EACH ROW
  WHEN ((to_jsonb(OLD) - ARRAY['lastCheckedAt', 'lastSucceededAt', 'failingSince', 'reason', 'message'])
        IS DISTINCT FROM (to_jsonb(NEW) - ARRAY['lastCheckedAt', 'lastSucceededAt', 'failingSince', 'reason', 'message']))
  EXECUTE FUNCTION custom_domain_notify();
