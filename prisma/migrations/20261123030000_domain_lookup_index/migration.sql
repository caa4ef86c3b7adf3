-- Routing by host name must use the one-owner index ("CustomDomain_hostname_owner_key", partial
-- on "verifiedAt" IS NOT NULL): without that predicate in the query the planner cannot use it,
-- and each lookup scanned every domain (about 10 ms at 100,000 domains, measured by the bench).

SET LOCAL ROLE candor_owner;

CREATE OR REPLACE FUNCTION candor_domain_slug(p_host text) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT o.slug FROM "CustomDomain" d JOIN "Organization" o ON o.id = d."orgId"
        WHERE d.hostname = p_host AND d."verifiedAt" IS NOT NULL AND d.status = 'VERIFIED' $$;
