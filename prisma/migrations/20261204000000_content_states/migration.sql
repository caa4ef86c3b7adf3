-- The content real pages need (issue 15): certification states beyond valid/expired, a page
-- version and effective date, and subprocessors with a parent (a router and the providers behind
-- it) and their data retention. Columns only: the tables keep their row-level security.

SET LOCAL ROLE candor_owner;

-- A certification held by a provider ("Inherited from AWS (SOC 2 Type II)"): a status of its own,
-- never "not pursued". The new value is not used in this transaction (Postgres forbids that).
ALTER TYPE "FrameworkStatus" ADD VALUE IF NOT EXISTS 'INHERITED';

ALTER TABLE "Framework"
    ADD COLUMN "inheritedFrom" TEXT,
    ADD COLUMN "targetDate" DATE,
    ADD COLUMN "lastAuditedAt" DATE;
ALTER TABLE "Framework" ADD CONSTRAINT "Framework_inheritedFrom_check"
    CHECK ("inheritedFrom" IS NULL OR char_length("inheritedFrom") BETWEEN 1 AND 120);
ALTER TABLE "Framework" ADD CONSTRAINT "Framework_inherited_check"
    CHECK ("status"::text <> 'INHERITED' OR "inheritedFrom" IS NOT NULL);

-- "v1.4.2, effective 1 April 2026".
ALTER TABLE "Organization"
    ADD COLUMN "pageVersion" TEXT,
    ADD COLUMN "pageEffectiveDate" DATE;
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_pageVersion_check"
    CHECK ("pageVersion" IS NULL OR char_length("pageVersion") BETWEEN 1 AND 40);

-- A parent in the same organisation only: the foreign key carries orgId, so another tenant's id
-- cannot be named even by a writer that forgot to check. Cycles are refused by the writer.
ALTER TABLE "Subprocessor"
    ADD COLUMN "parentId" UUID,
    ADD COLUMN "dataRetention" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Subprocessor" ADD CONSTRAINT "Subprocessor_id_orgId_key" UNIQUE ("id", "orgId");
ALTER TABLE "Subprocessor" ADD CONSTRAINT "Subprocessor_parent_fkey"
    FOREIGN KEY ("parentId", "orgId") REFERENCES "Subprocessor"("id", "orgId") ON DELETE NO ACTION ON UPDATE NO ACTION;
ALTER TABLE "Subprocessor" ADD CONSTRAINT "Subprocessor_parent_self_check" CHECK ("parentId" IS NULL OR "parentId" <> "id");
ALTER TABLE "Subprocessor" ADD CONSTRAINT "Subprocessor_dataRetention_check" CHECK (char_length("dataRetention") <= 500);
CREATE INDEX "Subprocessor_orgId_parentId_idx" ON "Subprocessor"("orgId", "parentId");
