-- Publications: what the public sees, as immutable, hash-chained, Ed25519-signed snapshots.

SET LOCAL ROLE candor_owner;

CREATE TYPE "PublicationKind" AS ENUM ('PUBLISH', 'UNPUBLISH');

-- One signing key per organisation. The private key is sealed (AES-256-GCM) under
-- DATA_ENCRYPTION_KEY; `keyVersion` names which version of that key sealed it.
CREATE TABLE "SigningKey" (
    "orgId" UUID NOT NULL,
    "publicKey" TEXT NOT NULL,
    "privateKeySealed" TEXT NOT NULL,
    "keyVersion" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SigningKey_pkey" PRIMARY KEY ("orgId"),
    CONSTRAINT "SigningKey_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "Publication" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" "PublicationKind" NOT NULL,
    "canonical" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "prevHash" TEXT,
    "signature" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "publishedById" UUID,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Publication_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Publication_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Publication_publishedById_fkey" FOREIGN KEY ("publishedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "Publication_orgId_seq_key" ON "Publication"("orgId", "seq");
CREATE UNIQUE INDEX "Publication_hash_key" ON "Publication"("hash");

-- Files a publication shows that must not change under it (the logo): content-addressed.
CREATE TABLE "PublishedAsset" (
    "orgId" UUID NOT NULL,
    "sha256" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PublishedAsset_pkey" PRIMARY KEY ("orgId", "sha256"),
    CONSTRAINT "PublishedAsset_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['SigningKey', 'Publication', 'PublishedAsset'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO candor_owner USING (true) WITH CHECK (true)', lower(t) || '_owner', t);
    EXECUTE format('CREATE POLICY %I ON %I USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id())', lower(t) || '_tenant', t);
  END LOOP;
END
$$;

-- History is never rewritten: the database refuses to change or delete a publication or a
-- published asset (erasing a whole organisation excepted, as for the audit trail).
CREATE FUNCTION publication_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('candor.erasing_org', true) = OLD."orgId"::text THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'publications are immutable (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER publication_immutable BEFORE UPDATE OR DELETE ON "Publication" FOR EACH ROW EXECUTE FUNCTION publication_immutable();
CREATE TRIGGER published_asset_immutable BEFORE UPDATE OR DELETE ON "PublishedAsset" FOR EACH ROW EXECUTE FUNCTION publication_immutable();
REVOKE UPDATE, DELETE, TRUNCATE ON "Publication", "PublishedAsset" FROM candor_app;
REVOKE UPDATE, DELETE, TRUNCATE ON "SigningKey" FROM candor_app;
