-- Tenancy you can trust: row-level security on every tenant-owned table, invitations, an
-- append-only audit chain, and TOTP second factors.
--
-- Row-level security reads two transaction-local settings, set only by
-- src/server/db/tenant.ts inside the request's transaction (set_config(..., true)):
--   app.org_id   the organisation a unit of work acts for
--   app.user_id  the signed-in person (lets them see their own memberships across organisations)
-- After a transaction-local setting has been used on a pooled connection it reads back as ''
-- rather than NULL, hence nullif(). Policies apply TO PUBLIC; candor_owner (migrations, the
-- narrow SECURITY DEFINER functions below) has its own permissive policy.

SET LOCAL ROLE candor_owner;

CREATE FUNCTION app_org_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.org_id', true), '')::uuid $$;
CREATE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;

-- Organization --------------------------------------------------------------------------------
ALTER TABLE "Organization" ADD COLUMN "requireMfa" BOOLEAN NOT NULL DEFAULT false;

ALTER TABLE "Organization" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Organization" FORCE ROW LEVEL SECURITY;
CREATE POLICY organization_owner ON "Organization" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY organization_read ON "Organization" FOR SELECT
  USING (id = app_org_id() OR EXISTS (SELECT 1 FROM "Member" m WHERE m."orgId" = "Organization".id AND m."userId" = app_user_id()));
CREATE POLICY organization_insert ON "Organization" FOR INSERT WITH CHECK (id = app_org_id());
CREATE POLICY organization_update ON "Organization" FOR UPDATE USING (id = app_org_id()) WITH CHECK (id = app_org_id());
-- Deleting an organisation is the erasure path below, never a plain DELETE by the application.
REVOKE DELETE ON "Organization" FROM candor_app;

-- Member --------------------------------------------------------------------------------------
ALTER TABLE "Member" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Member" FORCE ROW LEVEL SECURITY;
CREATE POLICY member_owner ON "Member" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY member_read ON "Member" FOR SELECT USING ("orgId" = app_org_id() OR "userId" = app_user_id());
CREATE POLICY member_insert ON "Member" FOR INSERT WITH CHECK ("orgId" = app_org_id());
CREATE POLICY member_update ON "Member" FOR UPDATE USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id());
CREATE POLICY member_delete ON "Member" FOR DELETE USING ("orgId" = app_org_id());
CREATE INDEX "Member_orgId_role_idx" ON "Member"("orgId", "role");

-- Invitation ----------------------------------------------------------------------------------
CREATE TABLE "Invitation" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSentAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "acceptedAt" TIMESTAMPTZ(3),
    "acceptedById" UUID,
    "revokedAt" TIMESTAMPTZ(3),
    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Invitation_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Invitation_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");
CREATE INDEX "Invitation_orgId_email_idx" ON "Invitation"("orgId", "email");
ALTER TABLE "Invitation" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Invitation" FORCE ROW LEVEL SECURITY;
CREATE POLICY invitation_owner ON "Invitation" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY invitation_tenant ON "Invitation" USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id());

-- Audit events: append-only, hash-chained per organisation -------------------------------------
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "actorId" UUID,
    "actorEmail" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "diff" JSONB NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "prevHash" TEXT,
    "hash" TEXT NOT NULL,
    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AuditEvent_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "AuditEvent_orgId_seq_key" ON "AuditEvent"("orgId", "seq");
CREATE INDEX "AuditEvent_orgId_createdAt_idx" ON "AuditEvent"("orgId", "createdAt");
CREATE INDEX "AuditEvent_orgId_actorId_idx" ON "AuditEvent"("orgId", "actorId");
CREATE INDEX "AuditEvent_orgId_action_idx" ON "AuditEvent"("orgId", "action");
ALTER TABLE "AuditEvent" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "AuditEvent" FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_owner ON "AuditEvent" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY audit_read ON "AuditEvent" FOR SELECT USING ("orgId" = app_org_id());
CREATE POLICY audit_append ON "AuditEvent" FOR INSERT WITH CHECK ("orgId" = app_org_id());
REVOKE UPDATE, DELETE, TRUNCATE ON "AuditEvent" FROM candor_app;

-- The database itself refuses to change history, whoever asks (the owner role included). The one
-- exception is erasing a whole organisation through candor_erase_organization() below.
CREATE FUNCTION audit_event_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('candor.erasing_org', true) = OLD."orgId"::text THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_immutable BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION audit_event_immutable();
CREATE FUNCTION audit_event_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit events are append-only (TRUNCATE refused)' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_no_truncate();

-- Erasure: deleting an organisation and everything it owns, its audit trail included (GDPR
-- erasure, or closing an account). Only through this function (npm run cli -- org:erase), which
-- the application role may not call.
CREATE FUNCTION candor_erase_organization(p_org uuid) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM set_config('candor.erasing_org', p_org::text, true);
  DELETE FROM "Organization" WHERE id = p_org;
  PERFORM set_config('candor.erasing_org', '', true);
END
$$;
REVOKE ALL ON FUNCTION candor_erase_organization(uuid) FROM PUBLIC;

-- Second factor (TOTP) and recovery codes: per person, not per tenant --------------------------
CREATE TABLE "UserMfa" (
    "userId" UUID NOT NULL,
    "secretSealed" TEXT NOT NULL,
    "enabledAt" TIMESTAMPTZ(3),
    "lastTimeStep" BIGINT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "UserMfa_pkey" PRIMARY KEY ("userId"),
    CONSTRAINT "UserMfa_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE TABLE "RecoveryCode" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "userId" UUID NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "RecoveryCode_userId_idx" ON "RecoveryCode"("userId");
ALTER TABLE "Session" ADD COLUMN "mfaVerifiedAt" TIMESTAMPTZ(3);

-- Narrow, explicit paths across tenants (SECURITY DEFINER, owned by candor_owner) ---------------
-- The public trust page: a slug names an organisation's id, nothing more. Reads then run in that
-- organisation's scope, in a read-only transaction (src/server/db/tenant.ts).
CREATE FUNCTION candor_public_org_id(p_slug text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT id FROM "Organization" WHERE slug = p_slug $$;
-- Accepting an invitation: whoever holds the token may learn which organisation it is for.
CREATE FUNCTION candor_invitation_org_id(p_token_hash text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT "orgId" FROM "Invitation" WHERE "tokenHash" = p_token_hash $$;
REVOKE ALL ON FUNCTION candor_public_org_id(text), candor_invitation_org_id(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION candor_public_org_id(text), candor_invitation_org_id(text) TO candor_app;

-- Codes that confirm a sensitive act ("verify it's you") live beside sign-in codes but can never
-- be used to sign in.
ALTER TABLE "SignInCode" ADD COLUMN "purpose" TEXT NOT NULL DEFAULT 'sign-in';
DROP INDEX "SignInCode_email_idx";
CREATE INDEX "SignInCode_email_purpose_idx" ON "SignInCode"("email", "purpose");
