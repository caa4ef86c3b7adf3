-- Prospect access (issue 12, ADR 029): a prospect asks for the NDA items of a trust center,
-- proves their address, is decided by the organisation's rules or a reviewer, accepts the NDA,
-- and holds a grant with host-bound sessions. Every table carries orgId under forced row-level
-- security; the public side reaches a tenant only after the host is resolved to it.

SET LOCAL ROLE candor_owner;

CREATE TYPE "NdaMode" AS ENUM ('NONE', 'CLICK_THROUGH', 'EXTERNAL');
CREATE TYPE "IpRecording" AS ENUM ('FULL', 'TRUNCATED', 'NONE');
CREATE TYPE "AccessRuleMatch" AS ENUM ('DOMAINS', 'FREE_MAIL', 'DISPOSABLE', 'ANY');
CREATE TYPE "AccessDecision" AS ENUM ('APPROVE', 'DENY', 'REVIEW');
CREATE TYPE "AccessRequestStatus" AS ENUM ('UNVERIFIED', 'PENDING', 'APPROVED', 'DENIED', 'EXPIRED');

-- One per organisation, made on first save (until then the defaults in src/modules/access apply).
CREATE TABLE "AccessSettings" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "ndaMode" "NdaMode" NOT NULL DEFAULT 'NONE',
    "ipRecording" "IpRecording" NOT NULL DEFAULT 'TRUNCATED',
    "defaultGrantDays" INTEGER NOT NULL DEFAULT 90,
    -- Outgoing prospect mail (verification and new-link mails) per organisation per hour.
    "mailCapPerHour" INTEGER NOT NULL DEFAULT 200,
    "version" INTEGER NOT NULL DEFAULT 1,
    -- The rule list's own concurrency token: saving rules does not conflict with saving settings.
    "rulesVersion" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AccessSettings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AccessSettings_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AccessSettings_days_check" CHECK ("defaultGrantDays" BETWEEN 7 AND 365),
    CONSTRAINT "AccessSettings_cap_check" CHECK ("mailCapPerHour" BETWEEN 1 AND 10000)
);
CREATE UNIQUE INDEX "AccessSettings_orgId_key" ON "AccessSettings"("orgId");

-- The click-through NDA, versioned. A version is never changed: new text is a new version.
-- createdById has no foreign key on purpose: the row is immutable, so a person's deletion could
-- not null it, and who wrote the text stays on record (createdByEmail).
CREATE TABLE "NdaVersion" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "markdown" TEXT NOT NULL,
    -- SHA-256 (hex) of the exact markdown above, UTF-8.
    "sha256" TEXT NOT NULL,
    -- Existing grantees must accept this version at their next visit.
    "requireReacceptance" BOOLEAN NOT NULL DEFAULT false,
    "createdById" UUID,
    "createdByEmail" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "NdaVersion_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "NdaVersion_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NdaVersion_number_check" CHECK ("number" >= 1),
    CONSTRAINT "NdaVersion_sha256_check" CHECK ("sha256" ~ '^[0-9a-f]{64}$' AND "sha256" = encode(sha256(convert_to("markdown", 'UTF8')), 'hex')),
    CONSTRAINT "NdaVersion_markdown_check" CHECK (char_length("markdown") BETWEEN 1 AND 100000)
);
CREATE UNIQUE INDEX "NdaVersion_orgId_number_key" ON "NdaVersion"("orgId", "number");

-- Auto-decision rules, evaluated in position order; no rule matching means manual review.
CREATE TABLE "AccessRule" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "match" "AccessRuleMatch" NOT NULL,
    -- For DOMAINS: lower-case email domains (a domain also matches its subdomains).
    -- Nullable in the catalog as Prisma declares lists; the CHECK below keeps NULL out.
    "domains" TEXT[] DEFAULT '{}',
    "decision" "AccessDecision" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AccessRule_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AccessRule_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AccessRule_domains_check" CHECK ("domains" IS NOT NULL AND ("match" = 'DOMAINS') = (cardinality("domains") > 0) AND cardinality("domains") <= 500)
);
CREATE INDEX "AccessRule_orgId_position_idx" ON "AccessRule"("orgId", "position");

CREATE TABLE "AccessRequest" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "company" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    -- All NDA items, or the chosen item keys ("document:<id>", "evidence:<id>").
    "scopeAll" BOOLEAN NOT NULL DEFAULT true,
    "scopeItems" TEXT[] DEFAULT '{}',
    "status" "AccessRequestStatus" NOT NULL DEFAULT 'UNVERIFIED',
    -- SHA-256 of the emailed verification token; cleared once used.
    "tokenHash" TEXT,
    "tokenExpiresAt" TIMESTAMPTZ(3) NOT NULL,
    "verifiedAt" TIMESTAMPTZ(3),
    -- The tenant host the request was made on: its links go back there.
    "host" TEXT NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- The decision: by a member, or by a rule (its id and a snapshot of what it said then).
    "decidedById" UUID,
    "decidedByRuleId" UUID,
    "decidedByRule" TEXT,
    "decisionReason" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    -- The NDA version shown when the request was made (click-through).
    "ndaVersionId" UUID,
    CONSTRAINT "AccessRequest_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AccessRequest_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AccessRequest_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "AccessRequest_ndaVersionId_fkey" FOREIGN KEY ("ndaVersionId") REFERENCES "NdaVersion"("id") ON DELETE NO ACTION ON UPDATE CASCADE,
    CONSTRAINT "AccessRequest_email_check" CHECK ("email" = lower("email") AND char_length("email") BETWEEN 3 AND 254),
    CONSTRAINT "AccessRequest_text_check" CHECK (char_length("fullName") BETWEEN 1 AND 200 AND char_length("company") BETWEEN 1 AND 200 AND char_length("reason") <= 2000),
    CONSTRAINT "AccessRequest_scope_check" CHECK ("scopeItems" IS NOT NULL AND "scopeAll" = (cardinality("scopeItems") = 0) AND cardinality("scopeItems") <= 500),
    CONSTRAINT "AccessRequest_host_check" CHECK ("host" ~ '^[a-z0-9.:-]+$' AND char_length("host") <= 300),
    CONSTRAINT "AccessRequest_decided_check" CHECK (("status" IN ('APPROVED', 'DENIED')) = ("decidedAt" IS NOT NULL))
);
CREATE UNIQUE INDEX "AccessRequest_tokenHash_key" ON "AccessRequest"("tokenHash");
-- The queue, newest first, per status.
CREATE INDEX "AccessRequest_orgId_status_createdAt_idx" ON "AccessRequest"("orgId", "status", "createdAt");
-- The hourly mail cap counts this organisation's recent requests.
CREATE INDEX "AccessRequest_orgId_createdAt_idx" ON "AccessRequest"("orgId", "createdAt");

CREATE TABLE "AccessGrant" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "scopeAll" BOOLEAN NOT NULL DEFAULT true,
    "scopeItems" TEXT[] DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "extendedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "revokedById" UUID,
    -- The NDA version this grantee accepted last (click-through), if any.
    "ndaVersionId" UUID,
    -- "Signed outside Candor": the signed file, uploaded as a private document.
    "externalNdaDocumentId" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "AccessGrant_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AccessGrant_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AccessGrant_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "AccessRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AccessGrant_revokedById_fkey" FOREIGN KEY ("revokedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "AccessGrant_ndaVersionId_fkey" FOREIGN KEY ("ndaVersionId") REFERENCES "NdaVersion"("id") ON DELETE NO ACTION ON UPDATE CASCADE,
    CONSTRAINT "AccessGrant_externalNdaDocumentId_fkey" FOREIGN KEY ("externalNdaDocumentId") REFERENCES "Document"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "AccessGrant_scope_check" CHECK ("scopeItems" IS NOT NULL AND "scopeAll" = (cardinality("scopeItems") = 0) AND cardinality("scopeItems") <= 500)
);
CREATE UNIQUE INDEX "AccessGrant_requestId_key" ON "AccessGrant"("requestId");
CREATE INDEX "AccessGrant_orgId_email_idx" ON "AccessGrant"("orgId", "email");
CREATE INDEX "AccessGrant_orgId_expiresAt_idx" ON "AccessGrant"("orgId", "expiresAt");

-- A record of consent: never changed once written.
CREATE TABLE "NdaAcceptance" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "requestId" UUID,
    "grantId" UUID,
    "ndaVersionId" UUID NOT NULL,
    -- SHA-256 of the exact text shown to the person who accepted.
    "textSha256" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "acceptedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userAgent" TEXT,
    -- As the organisation's ipRecording setting said at the time: full, truncated or none.
    "ipAddress" TEXT,
    CONSTRAINT "NdaAcceptance_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "NdaAcceptance_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NdaAcceptance_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "AccessRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NdaAcceptance_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "AccessGrant"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "NdaAcceptance_ndaVersionId_fkey" FOREIGN KEY ("ndaVersionId") REFERENCES "NdaVersion"("id") ON DELETE NO ACTION ON UPDATE CASCADE,
    CONSTRAINT "NdaAcceptance_subject_check" CHECK ("requestId" IS NOT NULL OR "grantId" IS NOT NULL),
    CONSTRAINT "NdaAcceptance_sha256_check" CHECK ("textSha256" ~ '^[0-9a-f]{64}$')
);
CREATE INDEX "NdaAcceptance_orgId_acceptedAt_idx" ON "NdaAcceptance"("orgId", "acceptedAt");

-- Single-use access links, bound to the host they were made for.
CREATE TABLE "GranteeLinkToken" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "grantId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    CONSTRAINT "GranteeLinkToken_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "GranteeLinkToken_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GranteeLinkToken_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "AccessGrant"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "GranteeLinkToken_tokenHash_key" ON "GranteeLinkToken"("tokenHash");
CREATE INDEX "GranteeLinkToken_orgId_createdAt_idx" ON "GranteeLinkToken"("orgId", "createdAt");

-- A grantee's browser session on one tenant host: never a member session (ADR 029).
CREATE TABLE "GranteeSession" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "grantId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    CONSTRAINT "GranteeSession_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "GranteeSession_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "GranteeSession_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "AccessGrant"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "GranteeSession_tokenHash_key" ON "GranteeSession"("tokenHash");
CREATE INDEX "GranteeSession_orgId_grantId_idx" ON "GranteeSession"("orgId", "grantId");

-- What a grantee downloaded: append-only. Document and version ids carry no foreign key so the
-- record outlives a deleted document (the title is kept with it).
CREATE TABLE "DownloadLog" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "grantId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "documentId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "documentTitle" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "watermarkId" TEXT NOT NULL,
    -- SHA-256 of the bytes served (the watermarked copy).
    "sha256" TEXT NOT NULL,
    CONSTRAINT "DownloadLog_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "DownloadLog_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DownloadLog_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "AccessGrant"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DownloadLog_sha256_check" CHECK ("sha256" ~ '^[0-9a-f]{64}$')
);
CREATE INDEX "DownloadLog_orgId_at_idx" ON "DownloadLog"("orgId", "at");
CREATE INDEX "DownloadLog_orgId_grantId_at_idx" ON "DownloadLog"("orgId", "grantId", "at");

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['AccessSettings', 'NdaVersion', 'AccessRule', 'AccessRequest', 'AccessGrant', 'NdaAcceptance', 'GranteeLinkToken', 'GranteeSession', 'DownloadLog'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO candor_owner USING (true) WITH CHECK (true)', lower(t) || '_owner', t);
    EXECUTE format('CREATE POLICY %I ON %I USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id())', lower(t) || '_tenant', t);
  END LOOP;
END
$$;

-- What the application may do to each (the init migration's default privileges granted all four).
REVOKE DELETE, TRUNCATE ON "AccessSettings", "AccessRequest", "AccessGrant", "GranteeLinkToken" FROM candor_app;
REVOKE UPDATE, DELETE, TRUNCATE ON "NdaVersion", "NdaAcceptance", "DownloadLog" FROM candor_app;

-- An NDA version and its acceptances are records of consent: the database refuses to change or
-- delete them, whoever asks (erasing a whole organisation excepted, as for the audit trail).
CREATE FUNCTION access_record_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('candor.erasing_org', true) = OLD."orgId"::text THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% rows are immutable (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER nda_version_immutable BEFORE UPDATE OR DELETE ON "NdaVersion" FOR EACH ROW EXECUTE FUNCTION access_record_immutable();
CREATE TRIGGER nda_acceptance_immutable BEFORE UPDATE OR DELETE ON "NdaAcceptance" FOR EACH ROW EXECUTE FUNCTION access_record_immutable();

-- The expiry sweep (src/worker/main.ts, every 15 minutes): one run at a time.
SELECT pgboss.create_queue('access.expire', '{"policy":"singleton","retryLimit":2,"retryDelay":60,"expireInSeconds":600}'::json);
