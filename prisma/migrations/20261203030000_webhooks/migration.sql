-- Outbound webhooks (issue 13, ADR 032): an organisation's HTTPS endpoints, the events emitted
-- for it (each event's id is its Standard Webhooks `webhook-id`) and a log of every delivery
-- attempt. Every table carries orgId under forced row-level security.

SET LOCAL ROLE candor_owner;

CREATE TYPE "WebhookFormat" AS ENUM ('STANDARD', 'SLACK');
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('SUCCEEDED', 'FAILED', 'REFUSED');

CREATE TABLE "WebhookEndpoint" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    -- Subset of the event types in src/modules/webhooks/events.ts (checked there; the CHECK keeps NULL out).
    "events" TEXT[] DEFAULT '{}',
    "format" "WebhookFormat" NOT NULL DEFAULT 'STANDARD',
    -- The signing secret (whsec_…), sealed with the data key (src/server/crypto.ts sealWithDataKey).
    "secretSealed" TEXT NOT NULL,
    -- After a rotation, the old secret keeps signing beside the new one until this moment.
    "previousSecretSealed" TEXT,
    "previousSecretExpiresAt" TIMESTAMPTZ(3),
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "disabledAt" TIMESTAMPTZ(3),
    "disabledReason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- No foreign key: who created it stays on record after the person is gone (as NdaVersion).
    "createdById" UUID,
    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "WebhookEndpoint_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WebhookEndpoint_url_check" CHECK ("url" LIKE 'https://%' AND char_length("url") <= 2000),
    CONSTRAINT "WebhookEndpoint_description_check" CHECK (char_length("description") <= 500),
    CONSTRAINT "WebhookEndpoint_events_check" CHECK ("events" IS NOT NULL AND cardinality("events") BETWEEN 1 AND 20),
    CONSTRAINT "WebhookEndpoint_previous_check" CHECK (("previousSecretSealed" IS NULL) = ("previousSecretExpiresAt" IS NULL)),
    CONSTRAINT "WebhookEndpoint_failures_check" CHECK ("consecutiveFailures" >= 0)
);
CREATE INDEX "WebhookEndpoint_orgId_createdAt_idx" ON "WebhookEndpoint"("orgId", "createdAt");

CREATE TABLE "WebhookEvent" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "WebhookEvent_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WebhookEvent_type_check" CHECK ("type" ~ '^[a-z_]+\.[a-z_]+$')
);
CREATE INDEX "WebhookEvent_orgId_createdAt_idx" ON "WebhookEvent"("orgId", "createdAt");

CREATE TABLE "WebhookDelivery" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "endpointId" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL,
    "responseStatus" INTEGER,
    "latencyMs" INTEGER,
    -- At most 1 KiB of the receiver's answer, as text (shown escaped).
    "responseExcerpt" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "WebhookDelivery_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WebhookDelivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "WebhookEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WebhookDelivery_attempt_check" CHECK ("attempt" >= 1),
    CONSTRAINT "WebhookDelivery_excerpt_check" CHECK (octet_length("responseExcerpt") <= 1024),
    CONSTRAINT "WebhookDelivery_error_check" CHECK (char_length("error") <= 500)
);
CREATE INDEX "WebhookDelivery_orgId_endpointId_createdAt_idx" ON "WebhookDelivery"("orgId", "endpointId", "createdAt");
CREATE INDEX "WebhookDelivery_orgId_eventId_idx" ON "WebhookDelivery"("orgId", "eventId");

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['WebhookEndpoint', 'WebhookEvent', 'WebhookDelivery'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO candor_owner USING (true) WITH CHECK (true)', lower(t) || '_owner', t);
    EXECUTE format('CREATE POLICY %I ON %I USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id())', lower(t) || '_tenant', t);
  END LOOP;
END
$$;

-- Events and the delivery log are records: the application appends them and never changes them
-- (an endpoint's deletion cascades its log away, as the organisation's erasure does).
REVOKE TRUNCATE ON "WebhookEndpoint" FROM candor_app;
REVOKE UPDATE, DELETE, TRUNCATE ON "WebhookEvent", "WebhookDelivery" FROM candor_app;

-- One job per (endpoint, event) delivery. Exponential backoff (pg-boss: the n-th retry waits
-- 60 s × 2^(n-1) × a random factor in [1, 2)): 12 attempts, the last between 1.4 and 2.8 days
-- after the first, so never more than 3 days (ADR 032).
SELECT pgboss.create_queue('webhooks.deliver', '{"policy":"standard","retryLimit":11,"retryDelay":60,"retryBackoff":true,"expireInSeconds":120}'::json);
