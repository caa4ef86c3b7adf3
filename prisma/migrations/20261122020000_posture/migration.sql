-- The security posture an organisation authors: controls with evidence, frameworks,
-- subprocessors, disclosure policy, documents, FAQs, updates, sections and security reviews.
-- Every table is tenant-owned: orgId first in every index, row-level security ENABLE + FORCE.

SET LOCAL ROLE candor_owner;

CREATE TYPE "Visibility" AS ENUM ('PUBLIC', 'NDA', 'PRIVATE');
CREATE TYPE "ControlStatus" AS ENUM ('IMPLEMENTED', 'IN_PROGRESS', 'PLANNED', 'NOT_APPLICABLE');
CREATE TYPE "EvidenceKind" AS ENUM ('CODE', 'CONFIG', 'TEST', 'DOCUMENT', 'REPORT', 'URL');
CREATE TYPE "FrameworkStatus" AS ENUM ('CERTIFIED', 'IN_PROGRESS', 'PLANNED', 'NOT_PURSUED');
CREATE TYPE "SubprocessorStatus" AS ENUM ('ACTIVE', 'PLANNED', 'REMOVED');
CREATE TYPE "UpdateCategory" AS ENUM ('GENERAL', 'SECURITY', 'INCIDENT', 'COMPLIANCE', 'SUBPROCESSOR');
CREATE TYPE "ReviewResult" AS ENUM ('PASS', 'PARTIAL', 'FAIL', 'NOT_APPLICABLE');
CREATE TYPE "FindingResolution" AS ENUM ('NONE', 'REMEDIATED', 'ACCEPTED');

CREATE TABLE "ControlDomain" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ControlDomain_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ControlDomain_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "ControlDomain_orgId_name_key" ON "ControlDomain"("orgId", "name");
CREATE INDEX "ControlDomain_orgId_position_idx" ON "ControlDomain"("orgId", "position");

CREATE TABLE "Control" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "domainId" UUID NOT NULL,
    "ref" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" "ControlStatus" NOT NULL,
    "visibility" "Visibility" NOT NULL DEFAULT 'PUBLIC',
    "ownerId" UUID,
    "reviewCadenceDays" INTEGER NOT NULL DEFAULT 365,
    "lastReviewedAt" TIMESTAMPTZ(3),
    "position" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Control_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Control_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Control_domainId_fkey" FOREIGN KEY ("domainId") REFERENCES "ControlDomain"("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Control_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Control_reviewCadenceDays_range" CHECK ("reviewCadenceDays" BETWEEN 1 AND 3650)
);
CREATE UNIQUE INDEX "Control_orgId_ref_key" ON "Control"("orgId", "ref");
CREATE INDEX "Control_orgId_domainId_position_idx" ON "Control"("orgId", "domainId", "position");
CREATE INDEX "Control_orgId_status_idx" ON "Control"("orgId", "status");
CREATE INDEX "Control_orgId_visibility_idx" ON "Control"("orgId", "visibility");

CREATE TABLE "Evidence" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "controlId" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "kind" "EvidenceKind" NOT NULL,
    "target" TEXT NOT NULL,
    "visibility" "Visibility" NOT NULL DEFAULT 'PUBLIC',
    "position" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Evidence_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Evidence_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Evidence_controlId_fkey" FOREIGN KEY ("controlId") REFERENCES "Control"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "Evidence_orgId_controlId_position_idx" ON "Evidence"("orgId", "controlId", "position");

CREATE TABLE "Framework" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "status" "FrameworkStatus" NOT NULL,
    "auditor" TEXT,
    "periodStart" DATE,
    "periodEnd" DATE,
    "reportUrl" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "visibility" "Visibility" NOT NULL DEFAULT 'PUBLIC',
    "position" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Framework_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Framework_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Framework_period_order" CHECK ("periodStart" IS NULL OR "periodEnd" IS NULL OR "periodStart" <= "periodEnd")
);
CREATE INDEX "Framework_orgId_position_idx" ON "Framework"("orgId", "position");

CREATE TABLE "Subprocessor" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "vendor" TEXT NOT NULL,
    "website" TEXT,
    "purpose" TEXT NOT NULL,
    "dataCategories" TEXT NOT NULL DEFAULT '',
    "location" TEXT NOT NULL,
    "transferMechanism" TEXT,
    "since" DATE,
    "status" "SubprocessorStatus" NOT NULL DEFAULT 'ACTIVE',
    "effectiveDate" DATE,
    "removedAt" DATE,
    "visibility" "Visibility" NOT NULL DEFAULT 'PUBLIC',
    "position" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Subprocessor_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Subprocessor_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Subprocessor_removed_dated" CHECK ("status" <> 'REMOVED' OR "removedAt" IS NOT NULL)
);
CREATE INDEX "Subprocessor_orgId_status_position_idx" ON "Subprocessor"("orgId", "status", "position");

CREATE TABLE "DisclosurePolicy" (
    "orgId" UUID NOT NULL,
    "policy" TEXT NOT NULL DEFAULT '',
    "contacts" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "encryptionUrl" TEXT,
    "acknowledgmentsUrl" TEXT,
    "preferredLanguages" TEXT NOT NULL DEFAULT 'en',
    "responseTime" TEXT,
    "safeHarbor" TEXT NOT NULL DEFAULT '',
    "bugBounty" BOOLEAN NOT NULL DEFAULT false,
    "bugBountyUrl" TEXT,
    "expiresAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DisclosurePolicy_pkey" PRIMARY KEY ("orgId"),
    CONSTRAINT "DisclosurePolicy_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "Document" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "category" TEXT NOT NULL DEFAULT '',
    "visibility" "Visibility" NOT NULL DEFAULT 'NDA',
    "position" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Document_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Document_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "Document_orgId_position_idx" ON "Document"("orgId", "position");

CREATE TABLE "DocumentVersion" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "documentId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "effectiveDate" DATE,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "uploadedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DocumentVersion_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "DocumentVersion_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DocumentVersion_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "DocumentVersion_documentId_number_key" ON "DocumentVersion"("documentId", "number");
CREATE INDEX "DocumentVersion_orgId_documentId_idx" ON "DocumentVersion"("orgId", "documentId");

CREATE TABLE "Faq" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "question" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "visibility" "Visibility" NOT NULL DEFAULT 'PUBLIC',
    "position" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Faq_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Faq_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "Faq_orgId_position_idx" ON "Faq"("orgId", "position");

CREATE TABLE "Update" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "category" "UpdateCategory" NOT NULL DEFAULT 'GENERAL',
    "publishedAt" TIMESTAMPTZ(3) NOT NULL,
    "visibility" "Visibility" NOT NULL DEFAULT 'PUBLIC',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Update_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Update_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "Update_orgId_publishedAt_idx" ON "Update"("orgId", "publishedAt");

CREATE TABLE "Section" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "visibility" "Visibility" NOT NULL DEFAULT 'PUBLIC',
    "position" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Section_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Section_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "Section_orgId_position_idx" ON "Section"("orgId", "position");

CREATE TABLE "SecurityReview" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "reviewedAt" DATE NOT NULL,
    "template" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "visibility" "Visibility" NOT NULL DEFAULT 'PUBLIC',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SecurityReview_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "SecurityReview_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "SecurityReview_orgId_reviewedAt_idx" ON "SecurityReview"("orgId", "reviewedAt");

CREATE TABLE "ReviewItem" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "reviewId" UUID NOT NULL,
    "area" TEXT NOT NULL,
    "ref" TEXT NOT NULL DEFAULT '',
    "question" TEXT NOT NULL,
    "result" "ReviewResult",
    "evidence" TEXT NOT NULL DEFAULT '',
    "finding" TEXT NOT NULL DEFAULT '',
    "resolution" "FindingResolution" NOT NULL DEFAULT 'NONE',
    "remediationUrl" TEXT,
    "rationale" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL,
    CONSTRAINT "ReviewItem_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ReviewItem_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReviewItem_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "SecurityReview"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "ReviewItem_orgId_reviewId_position_idx" ON "ReviewItem"("orgId", "reviewId", "position");

-- Row-level security: one policy shape for every table above.
ALTER TABLE "ControlDomain" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ControlDomain" FORCE ROW LEVEL SECURITY;
CREATE POLICY controlDomain_owner ON "ControlDomain" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY controlDomain_tenant ON "ControlDomain" USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id());
ALTER TABLE "Control" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Control" FORCE ROW LEVEL SECURITY;
CREATE POLICY control_owner ON "Control" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY control_tenant ON "Control" USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id());
ALTER TABLE "Evidence" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Evidence" FORCE ROW LEVEL SECURITY;
CREATE POLICY evidence_owner ON "Evidence" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY evidence_tenant ON "Evidence" USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id());
ALTER TABLE "Framework" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Framework" FORCE ROW LEVEL SECURITY;
CREATE POLICY framework_owner ON "Framework" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY framework_tenant ON "Framework" USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id());
ALTER TABLE "Subprocessor" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Subprocessor" FORCE ROW LEVEL SECURITY;
CREATE POLICY subprocessor_owner ON "Subprocessor" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY subprocessor_tenant ON "Subprocessor" USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id());
ALTER TABLE "DisclosurePolicy" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "DisclosurePolicy" FORCE ROW LEVEL SECURITY;
CREATE POLICY disclosurePolicy_owner ON "DisclosurePolicy" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY disclosurePolicy_tenant ON "DisclosurePolicy" USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id());
ALTER TABLE "Document" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Document" FORCE ROW LEVEL SECURITY;
CREATE POLICY document_owner ON "Document" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY document_tenant ON "Document" USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id());
ALTER TABLE "DocumentVersion" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "DocumentVersion" FORCE ROW LEVEL SECURITY;
CREATE POLICY documentVersion_owner ON "DocumentVersion" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY documentVersion_tenant ON "DocumentVersion" USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id());
ALTER TABLE "Faq" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Faq" FORCE ROW LEVEL SECURITY;
CREATE POLICY faq_owner ON "Faq" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY faq_tenant ON "Faq" USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id());
ALTER TABLE "Update" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Update" FORCE ROW LEVEL SECURITY;
CREATE POLICY update_owner ON "Update" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY update_tenant ON "Update" USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id());
ALTER TABLE "Section" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Section" FORCE ROW LEVEL SECURITY;
CREATE POLICY section_owner ON "Section" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY section_tenant ON "Section" USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id());
ALTER TABLE "SecurityReview" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "SecurityReview" FORCE ROW LEVEL SECURITY;
CREATE POLICY securityReview_owner ON "SecurityReview" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY securityReview_tenant ON "SecurityReview" USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id());
ALTER TABLE "ReviewItem" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ReviewItem" FORCE ROW LEVEL SECURITY;
CREATE POLICY reviewItem_owner ON "ReviewItem" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY reviewItem_tenant ON "ReviewItem" USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id());
