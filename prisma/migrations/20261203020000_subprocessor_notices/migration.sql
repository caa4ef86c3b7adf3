-- Subprocessor change notices and objections (issue 13, ADR 031). An organisation sets a notice
-- period; a new subprocessor, or a change of one's purpose, data categories or location, is a
-- dated SubprocessorChange; the public page lists the upcoming ones, and anyone with a verified
-- email may object. Both tables carry orgId under forced row-level security.

SET LOCAL ROLE candor_owner;

ALTER TABLE "Organization" ADD COLUMN "subprocessorNoticeDays" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_subprocessorNoticeDays_check" CHECK ("subprocessorNoticeDays" BETWEEN 0 AND 365);

CREATE TYPE "SubprocessorChangeKind" AS ENUM ('ADDED', 'CHANGED');
CREATE TYPE "ObjectionStatus" AS ENUM ('UNVERIFIED', 'OPEN', 'RESOLVED', 'WITHDRAWN');

CREATE TABLE "SubprocessorChange" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    -- SET NULL: the record of the notice outlives the subprocessor (the vendor's name is copied).
    "subprocessorId" UUID,
    "vendor" TEXT NOT NULL,
    "kind" "SubprocessorChangeKind" NOT NULL,
    -- What changed, in words ("Location: EU → US").
    "summary" TEXT NOT NULL,
    -- {purpose, dataCategories, location} before (null for ADDED) and after.
    "before" JSONB,
    "after" JSONB NOT NULL,
    "effectiveOn" DATE NOT NULL,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "urgentReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,
    "createdByEmail" TEXT,
    -- The first publication that carried it (stamped by publishDraft).
    "publicationId" UUID,
    CONSTRAINT "SubprocessorChange_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "SubprocessorChange_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SubprocessorChange_subprocessorId_fkey" FOREIGN KEY ("subprocessorId") REFERENCES "Subprocessor"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "SubprocessorChange_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "SubprocessorChange_urgent_check" CHECK (NOT "urgent" OR char_length(btrim(coalesce("urgentReason", ''))) BETWEEN 1 AND 1000),
    CONSTRAINT "SubprocessorChange_text_check" CHECK (char_length("vendor") BETWEEN 1 AND 120 AND char_length("summary") BETWEEN 1 AND 2000)
);
CREATE INDEX "SubprocessorChange_orgId_effectiveOn_idx" ON "SubprocessorChange"("orgId", "effectiveOn");
CREATE INDEX "SubprocessorChange_orgId_createdAt_idx" ON "SubprocessorChange"("orgId", "createdAt");

CREATE TABLE "SubprocessorObjection" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "changeId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "company" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "ObjectionStatus" NOT NULL DEFAULT 'UNVERIFIED',
    -- SHA-256 of the emailed verification token; cleared once used.
    "tokenHash" TEXT,
    "tokenExpiresAt" TIMESTAMPTZ(3) NOT NULL,
    "verifiedAt" TIMESTAMPTZ(3),
    "host" TEXT NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- The reviewer's note when resolving or marking withdrawn.
    "note" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "decidedById" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "SubprocessorObjection_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "SubprocessorObjection_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SubprocessorObjection_changeId_fkey" FOREIGN KEY ("changeId") REFERENCES "SubprocessorChange"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SubprocessorObjection_email_check" CHECK ("email" = lower("email") AND char_length("email") BETWEEN 3 AND 254),
    CONSTRAINT "SubprocessorObjection_text_check" CHECK (char_length("company") BETWEEN 1 AND 200 AND char_length("reason") BETWEEN 1 AND 2000 AND char_length(coalesce("note", '')) <= 2000),
    CONSTRAINT "SubprocessorObjection_host_check" CHECK ("host" ~ '^[a-z0-9.:-]+$' AND char_length("host") <= 300),
    CONSTRAINT "SubprocessorObjection_decided_check" CHECK (("status" IN ('RESOLVED', 'WITHDRAWN')) = ("decidedAt" IS NOT NULL))
);
CREATE UNIQUE INDEX "SubprocessorObjection_tokenHash_key" ON "SubprocessorObjection"("tokenHash");
CREATE INDEX "SubprocessorObjection_orgId_status_createdAt_idx" ON "SubprocessorObjection"("orgId", "status", "createdAt");
CREATE INDEX "SubprocessorObjection_orgId_changeId_idx" ON "SubprocessorObjection"("orgId", "changeId");

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['SubprocessorChange', 'SubprocessorObjection'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO candor_owner USING (true) WITH CHECK (true)', lower(t) || '_owner', t);
    EXECUTE format('CREATE POLICY %I ON %I USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id())', lower(t) || '_tenant', t);
  END LOOP;
END
$$;

-- A notice and an objection are records: the application never deletes them (a change is
-- updated only to stamp the publication that carried it; an objection to verify and decide it).
REVOKE DELETE, TRUNCATE ON "SubprocessorChange", "SubprocessorObjection" FROM candor_app;
