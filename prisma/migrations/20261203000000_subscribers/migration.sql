-- Subscribers (issue 13, ADR 030): people who asked, by double opt-in, for mail about an
-- organisation's trust center; the organisation's delivery mode per topic; the record of who was
-- told of which publication (a DPA's evidence); and the platform's list of suppressed addresses.

SET LOCAL ROLE candor_owner;

CREATE TYPE "SubscriberTopic" AS ENUM ('SECURITY', 'SUBPROCESSORS', 'CERTIFICATIONS', 'GENERAL');
CREATE TYPE "SubscriberStatus" AS ENUM ('PENDING', 'CONFIRMED', 'UNSUBSCRIBED');
CREATE TYPE "DeliveryMode" AS ENUM ('IMMEDIATE', 'DAILY', 'WEEKLY');
CREATE TYPE "NoticeStatus" AS ENUM ('PENDING', 'SENT');
CREATE TYPE "SuppressionReason" AS ENUM ('BOUNCE', 'COMPLAINT');

CREATE TABLE "Subscriber" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    -- Nullable in the catalog as Prisma declares lists; the CHECK below keeps NULL out.
    "topics" "SubscriberTopic"[] DEFAULT '{}',
    "status" "SubscriberStatus" NOT NULL DEFAULT 'PENDING',
    -- SHA-256 (hex) of the emailed confirmation token; cleared once used.
    "confirmTokenHash" TEXT,
    "confirmExpiresAt" TIMESTAMPTZ(3),
    "confirmedAt" TIMESTAMPTZ(3),
    "unsubscribedAt" TIMESTAMPTZ(3),
    -- Consent evidence: the address as the organisation's IP rule says, the browser, the host.
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "host" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Subscriber_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Subscriber_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Subscriber_email_check" CHECK ("email" = lower("email") AND char_length("email") BETWEEN 3 AND 254),
    CONSTRAINT "Subscriber_topics_check" CHECK ("topics" IS NOT NULL AND cardinality("topics") BETWEEN 1 AND 4),
    CONSTRAINT "Subscriber_token_check" CHECK ("confirmTokenHash" IS NULL OR ("confirmTokenHash" ~ '^[0-9a-f]{64}$' AND "confirmExpiresAt" IS NOT NULL)),
    CONSTRAINT "Subscriber_confirmed_check" CHECK ("status" <> 'CONFIRMED' OR "confirmedAt" IS NOT NULL),
    CONSTRAINT "Subscriber_host_check" CHECK ("host" ~ '^[a-z0-9.:-]+$' AND char_length("host") <= 300)
);
CREATE UNIQUE INDEX "Subscriber_confirmTokenHash_key" ON "Subscriber"("confirmTokenHash");
CREATE UNIQUE INDEX "Subscriber_orgId_email_key" ON "Subscriber"("orgId", "email");
-- The fan-out reads the confirmed ones; the dashboard lists newest first.
CREATE INDEX "Subscriber_orgId_status_createdAt_idx" ON "Subscriber"("orgId", "status", "createdAt");

-- One per organisation, made on first save (until then every topic is IMMEDIATE).
-- Incidents are always sent at once: a rule in code, not a column.
CREATE TABLE "NotificationSettings" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "securityMode" "DeliveryMode" NOT NULL DEFAULT 'IMMEDIATE',
    "subprocessorsMode" "DeliveryMode" NOT NULL DEFAULT 'IMMEDIATE',
    "certificationsMode" "DeliveryMode" NOT NULL DEFAULT 'IMMEDIATE',
    "generalMode" "DeliveryMode" NOT NULL DEFAULT 'IMMEDIATE',
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "NotificationSettings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "NotificationSettings_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "NotificationSettings_orgId_key" ON "NotificationSettings"("orgId");

-- Who was told of which publication and when. The email is copied: the evidence outlives the
-- subscriber (whose removal sets subscriberId to NULL). UNIQUE (publicationId, subscriberId) is
-- the fan-out's idempotency: a restarted fan-out inserts ON CONFLICT DO NOTHING.
CREATE TABLE "PublicationNotice" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "publicationId" UUID NOT NULL,
    "subscriberId" UUID,
    "email" TEXT NOT NULL,
    "topics" "SubscriberTopic"[] DEFAULT '{}',
    "mode" "DeliveryMode" NOT NULL,
    "status" "NoticeStatus" NOT NULL DEFAULT 'PENDING',
    "outboxId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),
    CONSTRAINT "PublicationNotice_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PublicationNotice_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PublicationNotice_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PublicationNotice_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "PublicationNotice_topics_check" CHECK ("topics" IS NOT NULL AND cardinality("topics") BETWEEN 1 AND 4),
    CONSTRAINT "PublicationNotice_sent_check" CHECK (("status" = 'SENT') = ("sentAt" IS NOT NULL))
);
CREATE UNIQUE INDEX "PublicationNotice_publicationId_subscriberId_key" ON "PublicationNotice"("publicationId", "subscriberId");
CREATE INDEX "PublicationNotice_orgId_status_createdAt_idx" ON "PublicationNotice"("orgId", "status", "createdAt");
CREATE INDEX "PublicationNotice_orgId_subscriberId_idx" ON "PublicationNotice"("orgId", "subscriberId");

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['Subscriber', 'NotificationSettings', 'PublicationNotice'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO candor_owner USING (true) WITH CHECK (true)', lower(t) || '_owner', t);
    EXECUTE format('CREATE POLICY %I ON %I USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id())', lower(t) || '_tenant', t);
  END LOOP;
END
$$;

-- What the application may do to each (the init migration's default privileges granted all four).
-- A subscriber may be removed by a member (the notices keep the address); settings are never
-- deleted; a notice is evidence: written, marked sent, never deleted by the application.
REVOKE TRUNCATE ON "Subscriber" FROM candor_app;
REVOKE DELETE, TRUNCATE ON "NotificationSettings", "PublicationNotice" FROM candor_app;

-- Platform-wide: the platform's sending reputation. A bounced or complaining address is
-- suppressed for every organisation. The application may read it and add to it (ON CONFLICT DO
-- NOTHING), never change or remove an entry.
CREATE TABLE "EmailSuppression" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "reason" "SuppressionReason" NOT NULL,
    "providerEventId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EmailSuppression_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "EmailSuppression_email_check" CHECK ("email" = lower("email") AND char_length("email") BETWEEN 3 AND 254)
);
CREATE UNIQUE INDEX "EmailSuppression_email_key" ON "EmailSuppression"("email");
REVOKE UPDATE, DELETE, TRUNCATE ON "EmailSuppression" FROM candor_app;
