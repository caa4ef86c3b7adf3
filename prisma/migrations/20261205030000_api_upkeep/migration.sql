-- Issue 14, part 3: the REST API's upkeep (ADR 035). The Idempotency-Key store keeps a POST's
-- first answer 24 hours; the hourly `api.upkeep` job deletes what is older, whichever key wrote it
-- (src/server/api/idempotency.ts purgeIdempotencyRecords). One run at a time.

SET LOCAL ROLE candor_owner;

SELECT pgboss.create_queue('api.upkeep', '{"policy":"singleton","retryLimit":3,"retryDelay":60,"retryBackoff":true,"expireInSeconds":900}'::json);
