-- Issue 14, part 1: API keys and the /api/v1 foundation (ADR 035).

SET LOCAL ROLE candor_owner;

-- An API key: its secret is never stored; only HMAC-SHA-256(server key, the whole key), hex.
-- `publicId` is the short id printed inside the key (cndr_<publicId>_<secret>) so a key can be
-- named in the dashboard and found by a secret scanner's report without the secret.
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "publicId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    -- Nullable in the type, required by the CHECK below (Prisma models a list as never null; the
    -- schema-drift test expects the repo's array convention).
    "scopes" TEXT[] DEFAULT '{}',
    -- The key acts with its creator's current role, capped by its scopes (ADR 035).
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),
    "lastUsedIp" TEXT,
    "revokedAt" TIMESTAMPTZ(3),
    "revokedById" UUID,
    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ApiKey_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiKey_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ApiKey_revokedById_fkey" FOREIGN KEY ("revokedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ApiKey_publicId_check" CHECK ("publicId" ~ '^[0-9A-Za-z]{8}$'),
    CONSTRAINT "ApiKey_hash_check" CHECK ("hash" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "ApiKey_name_check" CHECK (char_length("name") BETWEEN 1 AND 80),
    CONSTRAINT "ApiKey_scopes_check" CHECK ("scopes" IS NOT NULL AND cardinality("scopes") BETWEEN 1 AND 20)
);
CREATE UNIQUE INDEX "ApiKey_publicId_key" ON "ApiKey"("publicId");
CREATE INDEX "ApiKey_orgId_createdAt_idx" ON "ApiKey"("orgId", "createdAt");

-- A POST's first response under its Idempotency-Key, per API key, kept 24 hours.
CREATE TABLE "ApiIdempotencyRecord" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "apiKeyId" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    -- SHA-256 of method, path and body: the same key with another request is refused (422).
    "requestHash" TEXT NOT NULL,
    -- NULL while the first request is still running (a concurrent retry gets 409).
    "status" INTEGER,
    "body" TEXT,
    "headers" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ApiIdempotencyRecord_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ApiIdempotencyRecord_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiIdempotencyRecord_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiIdempotencyRecord_key_check" CHECK (char_length("idempotencyKey") BETWEEN 1 AND 255)
);
CREATE UNIQUE INDEX "ApiIdempotencyRecord_orgId_apiKeyId_idempotencyKey_key" ON "ApiIdempotencyRecord"("orgId", "apiKeyId", "idempotencyKey");
CREATE INDEX "ApiIdempotencyRecord_orgId_createdAt_idx" ON "ApiIdempotencyRecord"("orgId", "createdAt");

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['ApiKey', 'ApiIdempotencyRecord'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO candor_owner USING (true) WITH CHECK (true)', lower(t) || '_owner', t);
    EXECUTE format('CREATE POLICY %I ON %I USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id())', lower(t) || '_tenant', t);
  END LOOP;
END
$$;

-- A key is revoked (an update), never deleted by the application; idempotency records expire.
REVOKE DELETE, TRUNCATE ON "ApiKey" FROM candor_app;
REVOKE UPDATE, TRUNCATE ON "ApiIdempotencyRecord" FROM candor_app;
GRANT UPDATE ("status", "body", "headers") ON "ApiIdempotencyRecord" TO candor_app;

-- A bearer names its organisation only by holding the whole key: the function answers the key's
-- organisation for a (public id, HMAC) pair that matches, nothing for anything else. It reveals
-- nothing to someone without the key.
CREATE FUNCTION candor_api_key_org(p_public_id text, p_hash text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT "orgId" FROM "ApiKey" WHERE "publicId" = p_public_id AND "hash" = p_hash $$;
REVOKE ALL ON FUNCTION candor_api_key_org(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION candor_api_key_org(text, text) TO candor_app;

-- A key is its own actor in the audit chain: actorType 'api_key', actorId its id, actorName its
-- name. NULL for people (the events before this migration hash as they did: see chain.ts).
ALTER TABLE "AuditEvent" ADD COLUMN "actorType" TEXT, ADD COLUMN "actorName" TEXT;
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorType_check" CHECK ("actorType" IS NULL OR "actorType" = 'api_key');
