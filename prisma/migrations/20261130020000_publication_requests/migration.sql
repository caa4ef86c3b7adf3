-- Who may publish (ADR 022): owners and admins publish; editors request publication, and an
-- owner or admin approves the exact draft they asked for. With "require a second person to
-- publish" on, every publication goes through a request and the approver is someone else.

SET LOCAL ROLE candor_owner;

ALTER TABLE "Organization" ADD COLUMN "requirePublishApproval" BOOLEAN NOT NULL DEFAULT false;

CREATE TYPE "PublicationRequestStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'SUPERSEDED');

CREATE TABLE "PublicationRequest" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "status" "PublicationRequestStatus" NOT NULL DEFAULT 'PENDING',
    "requestedById" UUID,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "note" TEXT NOT NULL DEFAULT '',
    -- The public view the requester saw, canonical (RFC 8785), and its SHA-256: an approval
    -- publishes only if the draft still projects to exactly this.
    "viewCanonical" TEXT NOT NULL,
    "viewHash" TEXT NOT NULL,
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    -- Why it was rejected (required then), shown to the requester.
    "reason" TEXT,
    -- The publication an approval produced.
    "publicationSeq" INTEGER,
    CONSTRAINT "PublicationRequest_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PublicationRequest_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PublicationRequest_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "PublicationRequest_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "PublicationRequest_viewHash_check" CHECK ("viewHash" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "PublicationRequest_note_check" CHECK (char_length("note") <= 1000),
    CONSTRAINT "PublicationRequest_decided_check" CHECK (("status" = 'PENDING') = ("decidedAt" IS NULL)),
    CONSTRAINT "PublicationRequest_reason_check" CHECK ("status" <> 'REJECTED' OR char_length("reason") BETWEEN 1 AND 1000)
);
-- The request list, newest first, per organisation.
CREATE INDEX "PublicationRequest_orgId_requestedAt_idx" ON "PublicationRequest"("orgId", "requestedAt");
-- One pending request per organisation, whatever the application does: a new one supersedes.
CREATE UNIQUE INDEX "PublicationRequest_one_pending_key" ON "PublicationRequest"("orgId") WHERE "status" = 'PENDING';

ALTER TABLE "PublicationRequest" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "PublicationRequest" FORCE ROW LEVEL SECURITY;
CREATE POLICY publicationrequest_owner ON "PublicationRequest" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY publicationrequest_tenant ON "PublicationRequest" USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id());

-- The application reads, creates and decides requests; it never deletes one (the default
-- privileges of the init migration granted DELETE).
GRANT SELECT, INSERT, UPDATE ON "PublicationRequest" TO candor_app;
REVOKE DELETE, TRUNCATE ON "PublicationRequest" FROM candor_app;
