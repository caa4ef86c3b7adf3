-- Issue 13, notifications from publications: the delivery side (fan-out, digests, batch
-- delivery). The tables (Subscriber, NotificationSettings, PublicationNotice, EmailSuppression)
-- come from the subscribers migration before this one.

-- As every migration: objects made here (pg-boss makes a table per queue) belong to the owner role.
SET LOCAL ROLE candor_owner;

-- The development mailbox keeps the headers a message carried (List-Unsubscribe,
-- List-Unsubscribe-Post), so tests read what a mail client would.
ALTER TABLE "DevMailboxMessage" ADD COLUMN "headers" JSONB;

-- One job per publication: the subscribers it concerns get a PublicationNotice each, and mail for
-- those told at once. Idempotent (a unique notice per publication and subscriber), so a retry after
-- a killed worker resumes where it stopped. An hour covers a fan-out to 50,000 subscribers.
SELECT pgboss.create_queue('subscribers.fanout', '{"policy":"standard","retryLimit":5,"retryDelay":30,"retryBackoff":true,"expireInSeconds":3600}'::json);

-- Up to 100 outbox messages delivered in one provider call (Resend's batch API).
SELECT pgboss.create_queue('email.deliver-batch', '{"policy":"standard","retryLimit":8,"retryDelay":5,"retryBackoff":true,"expireInSeconds":300}'::json);

-- Subscribers' digests of the notices they were not told of at once: daily at 08:00 UTC, weekly
-- on Mondays at 08:00 UTC. One run at a time each.
SELECT pgboss.create_queue('subscribers.digest-daily', '{"policy":"singleton","retryLimit":3,"retryDelay":60,"retryBackoff":true,"expireInSeconds":1800}'::json);
SELECT pgboss.create_queue('subscribers.digest-weekly', '{"policy":"singleton","retryLimit":3,"retryDelay":60,"retryBackoff":true,"expireInSeconds":1800}'::json);
