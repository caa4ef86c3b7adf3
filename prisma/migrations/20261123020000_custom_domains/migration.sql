-- Custom domains: a tenant's trust center at its own host name, proven by DNS.

SET LOCAL ROLE candor_owner;

CREATE TYPE "DomainStatus" AS ENUM ('PENDING', 'VERIFIED', 'FAILED', 'SUSPENDED');
-- CNAME: TXT proof and a CNAME to the platform. PROXY: behind the customer's own proxy or CDN,
-- the TXT proof alone.
CREATE TYPE "DomainMode" AS ENUM ('CNAME', 'PROXY');

CREATE TABLE "CustomDomain" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "hostname" TEXT NOT NULL,
    "mode" "DomainMode" NOT NULL DEFAULT 'CNAME',
    -- The value of the TXT record at _candor-challenge.{hostname}: 160 random bits, per claim.
    "token" TEXT NOT NULL,
    "status" "DomainStatus" NOT NULL DEFAULT 'PENDING',
    -- The last check's failure, if it failed: a reason code and the sentence shown to admins.
    "reason" TEXT,
    "message" TEXT,
    -- Set by the first successful check: from then on the organisation owns the host name.
    "verifiedAt" TIMESTAMPTZ(3),
    "lastCheckedAt" TIMESTAMPTZ(3),
    "lastSucceededAt" TIMESTAMPTZ(3),
    -- The first failed check of an unbroken run of failures (transient DNS errors do not count).
    "failingSince" TIMESTAMPTZ(3),
    "suspendedAt" TIMESTAMPTZ(3),
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CustomDomain_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CustomDomain_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CustomDomain_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "CustomDomain_hostname_check" CHECK ("hostname" ~ '^[a-z0-9.-]{1,253}$'),
    CONSTRAINT "CustomDomain_owned_check" CHECK ("status" NOT IN ('VERIFIED', 'SUSPENDED') OR "verifiedAt" IS NOT NULL)
);
CREATE UNIQUE INDEX "CustomDomain_orgId_hostname_key" ON "CustomDomain"("orgId", "hostname");
-- The single-claim invariant: a host name has at most one owner, whatever the application does.
CREATE UNIQUE INDEX "CustomDomain_hostname_owner_key" ON "CustomDomain"("hostname") WHERE "verifiedAt" IS NOT NULL;
-- The daily re-check takes the least recently checked first.
CREATE INDEX "CustomDomain_lastCheckedAt_idx" ON "CustomDomain"("lastCheckedAt" ASC NULLS FIRST);

ALTER TABLE "CustomDomain" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CustomDomain" FORCE ROW LEVEL SECURITY;
CREATE POLICY customdomain_owner ON "CustomDomain" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY customdomain_tenant ON "CustomDomain" USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id());

-- Routing a request: which organisation serves a host name. Verified domains only.
CREATE FUNCTION candor_domain_slug(p_host text) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT o.slug FROM "CustomDomain" d JOIN "Organization" o ON o.id = d."orgId"
        WHERE d.hostname = p_host AND d.status = 'VERIFIED' $$;

-- Caddy's ask: whether an organisation with this slug has a live publication.
CREATE FUNCTION candor_slug_published(p_slug text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT COALESCE((SELECT p.kind = 'PUBLISH' FROM "Publication" p JOIN "Organization" o ON o.id = p."orgId"
                         WHERE o.slug = p_slug ORDER BY p.seq DESC LIMIT 1), false) $$;

-- Claiming: which organisation (if any) owns a host name, so another can be told, and may take
-- it over by proving control with its own token.
CREATE FUNCTION candor_domain_owner(p_host text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT "orgId" FROM "CustomDomain" WHERE hostname = p_host AND "verifiedAt" IS NOT NULL $$;

-- A takeover: the previous owner's claim ends (the caller has just verified its own proof).
-- Returns the organisation that lost it.
CREATE FUNCTION candor_domain_release(p_host text, p_new_owner uuid) RETURNS uuid
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ DELETE FROM "CustomDomain" WHERE hostname = p_host AND "verifiedAt" IS NOT NULL AND "orgId" <> p_new_owner
        RETURNING "orgId" $$;

-- The re-check job: the domains to check, least recently checked first.
CREATE FUNCTION candor_domains_due(p_before timestamptz, p_limit int) RETURNS TABLE(id uuid, "orgId" uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT id, "orgId" FROM "CustomDomain"
        WHERE "lastCheckedAt" IS NULL OR "lastCheckedAt" < p_before
        ORDER BY "lastCheckedAt" ASC NULLS FIRST LIMIT p_limit $$;

REVOKE ALL ON FUNCTION candor_domain_slug(text), candor_slug_published(text), candor_domain_owner(text), candor_domain_release(text, uuid), candor_domains_due(timestamptz, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION candor_domain_slug(text), candor_slug_published(text), candor_domain_owner(text), candor_domain_release(text, uuid), candor_domains_due(timestamptz, int) TO candor_app;

-- Every instance's host cache forgets a host name the moment its domain changes.
CREATE FUNCTION custom_domain_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('candor_domain', COALESCE(NEW.hostname, OLD.hostname));
  IF TG_OP = 'UPDATE' AND NEW.hostname <> OLD.hostname THEN PERFORM pg_notify('candor_domain', OLD.hostname); END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER custom_domain_notify AFTER INSERT OR UPDATE OR DELETE ON "CustomDomain" FOR EACH ROW EXECUTE FUNCTION custom_domain_notify();

-- The daily DNS re-check (src/worker/main.ts): one run at a time.
SELECT pgboss.create_queue('domains.recheck', '{"policy":"singleton","retryLimit":3,"retryDelay":300,"retryBackoff":true,"expireInSeconds":3600}'::json);
