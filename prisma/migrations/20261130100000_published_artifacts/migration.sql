-- Stored artifacts (ADR 025): every public surface of a publication, rendered once when the
-- publication is made (and by the worker for a date boundary, a new custom domain or a repair),
-- with its brotli and gzip bytes, so no visitor waits on a render.

SET LOCAL ROLE candor_owner;

CREATE TABLE "PublishedArtifact" (
    "orgId" UUID NOT NULL,
    -- The publication it renders: an artifact is never served once another is the latest.
    "publicationHash" TEXT NOT NULL,
    -- APP_URL's origin it was rendered for (links and canonical URLs carry its scheme and port).
    "appOrigin" TEXT NOT NULL,
    -- '' for /t/{slug} on the app host; otherwise the tenant host: {slug}.{PLATFORM_DOMAIN} or a
    -- verified custom domain. trust.json does not depend on the host and is stored under '' only.
    "site" TEXT NOT NULL,
    -- page | trust.json | security.txt | changelog | feed.xml | verify
    "surface" TEXT NOT NULL,
    -- The instants between which these bytes are what a render would give: a page changes when a
    -- certification expires or a review falls due (a UTC midnight), security.txt exists only in
    -- the year before its Expires. validUntil NULL: until the next publication.
    "validFrom" TIMESTAMPTZ(3) NOT NULL,
    "validUntil" TIMESTAMPTZ(3),
    "etag" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "body" BYTEA NOT NULL,
    "br" BYTEA NOT NULL,
    "gzip" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- One row per rendering: two processes that race insert once (ON CONFLICT DO NOTHING), and
    -- both hold the organisation's artifact lock while they decide what to render.
    CONSTRAINT "PublishedArtifact_pkey" PRIMARY KEY ("orgId", "publicationHash", "appOrigin", "site", "surface", "validFrom"),
    CONSTRAINT "PublishedArtifact_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PublishedArtifact_surface_check" CHECK ("surface" IN ('page', 'trust.json', 'security.txt', 'changelog', 'feed.xml', 'verify')),
    CONSTRAINT "PublishedArtifact_site_check" CHECK ("site" ~ '^[a-z0-9.-]{0,253}$'),
    CONSTRAINT "PublishedArtifact_valid_check" CHECK ("validUntil" IS NULL OR "validUntil" > "validFrom")
);

ALTER TABLE "PublishedArtifact" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "PublishedArtifact" FORCE ROW LEVEL SECURITY;
CREATE POLICY publishedartifact_owner ON "PublishedArtifact" TO candor_owner USING (true) WITH CHECK (true);
CREATE POLICY publishedartifact_tenant ON "PublishedArtifact" USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id());
-- Written once; superseded ones are deleted by the worker (candor_artifacts_prune), never changed.
REVOKE UPDATE, TRUNCATE ON "PublishedArtifact" FROM candor_app;

-- The serving path, in one round trip: the organisation's latest publication (its hash and
-- kind), and the artifact of that publication for this variant valid at p_at, if there is one,
-- in one encoding (identity, br or gzip: only the bytes the caller will send cross the wire).
-- No row: no such organisation, or it never published.
CREATE FUNCTION candor_public_artifact(p_slug text, p_origin text, p_site text, p_surface text, p_at timestamptz, p_encoding text)
  RETURNS TABLE(hash text, kind "PublicationKind", etag text, "contentType" text, "validUntil" timestamptz, bytes bytea)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    WITH live AS (
      SELECT p."orgId", p.hash, p.kind FROM "Publication" p JOIN "Organization" o ON o.id = p."orgId"
      WHERE o.slug = p_slug ORDER BY p.seq DESC LIMIT 1)
    SELECT live.hash, live.kind, a.etag, a."contentType", a."validUntil",
      CASE p_encoding WHEN 'br' THEN a.br WHEN 'gzip' THEN a.gzip ELSE a.body END
    FROM live LEFT JOIN LATERAL (
      SELECT * FROM "PublishedArtifact" a
      WHERE a."orgId" = live."orgId" AND a."publicationHash" = live.hash AND a."appOrigin" = p_origin
        AND a.site = p_site AND a.surface = p_surface
        AND a."validFrom" <= p_at AND (a."validUntil" IS NULL OR a."validUntil" > p_at)
      ORDER BY a."validFrom" DESC LIMIT 1) a ON true $$;

-- The worker: organisations whose latest publication lacks, at p_at, an artifact it must have:
-- for every expected host variant ('' , {slug}.{p_platform}, each verified custom domain) the
-- verify page, and the page while published; and trust.json under ''.
CREATE FUNCTION candor_artifact_gaps(p_origin text, p_platform text, p_at timestamptz, p_limit int)
  RETURNS TABLE("orgId" uuid, slug text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    WITH live AS (
      SELECT DISTINCT ON (p."orgId") p."orgId", p.hash, p.kind, o.slug
      FROM "Publication" p JOIN "Organization" o ON o.id = p."orgId"
      ORDER BY p."orgId", p.seq DESC),
    expected AS (
      SELECT live.*, s.site, s.surface FROM live
      CROSS JOIN LATERAL (
        SELECT site, surface FROM (
          SELECT '' AS site UNION ALL SELECT live.slug || '.' || p_platform
          UNION ALL SELECT d.hostname FROM "CustomDomain" d
            WHERE d."orgId" = live."orgId" AND d."verifiedAt" IS NOT NULL AND d.status = 'VERIFIED') sites
        CROSS JOIN (SELECT 'verify' AS surface UNION ALL SELECT 'page' WHERE live.kind = 'PUBLISH') surfaces
        UNION ALL SELECT '', 'trust.json') s)
    SELECT DISTINCT e."orgId", e.slug FROM expected e
    WHERE NOT EXISTS (
      SELECT 1 FROM "PublishedArtifact" a
      WHERE a."orgId" = e."orgId" AND a."publicationHash" = e.hash AND a."appOrigin" = p_origin
        AND a.site = e.site AND a.surface = e.surface
        AND a."validFrom" <= p_at AND (a."validUntil" IS NULL OR a."validUntil" > p_at))
    LIMIT p_limit $$;

-- The worker: removes artifacts no one can be served any more (of a superseded publication, or
-- whose validity ended before p_before). Returns how many.
CREATE FUNCTION candor_artifacts_prune(p_before timestamptz) RETURNS bigint
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    WITH gone AS (
      DELETE FROM "PublishedArtifact" a
      WHERE a."validUntil" < p_before
         OR a."publicationHash" <> (SELECT p.hash FROM "Publication" p WHERE p."orgId" = a."orgId" ORDER BY p.seq DESC LIMIT 1)
      RETURNING 1)
    SELECT count(*) FROM gone $$;

-- The edge's file writer: a tenant host's page (its own variant) and trust.json (the '' one) of
-- the live publication, valid at p_at, for every host that serves the organisation now.
CREATE FUNCTION candor_edge_files(p_slug text, p_origin text, p_platform text, p_at timestamptz)
  RETURNS TABLE(host text, surface text, etag text, "validUntil" timestamptz, body bytea, br bytea, gzip bytea)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    WITH live AS (
      SELECT p."orgId", p.hash FROM "Publication" p JOIN "Organization" o ON o.id = p."orgId"
      WHERE o.slug = p_slug ORDER BY p.seq DESC LIMIT 1),
    hosts AS (
      SELECT p_slug || '.' || p_platform AS host
      UNION ALL SELECT d.hostname FROM "CustomDomain" d JOIN live ON d."orgId" = live."orgId"
        WHERE d."verifiedAt" IS NOT NULL AND d.status = 'VERIFIED')
    SELECT h.host, a.surface, a.etag, a."validUntil", a.body, a.br, a.gzip
    FROM live CROSS JOIN hosts h
    JOIN LATERAL (
      SELECT * FROM "PublishedArtifact" a
      WHERE a."orgId" = live."orgId" AND a."publicationHash" = live.hash AND a."appOrigin" = p_origin
        AND ((a.surface = 'page' AND a.site = h.host) OR (a.surface = 'trust.json' AND a.site = ''))
        AND a."validFrom" <= p_at AND (a."validUntil" IS NULL OR a."validUntil" > p_at)) a ON true $$;

-- The edge's file writer at start-up: every organisation with a live publication.
CREATE FUNCTION candor_published_slugs() RETURNS TABLE(slug text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT o.slug FROM "Organization" o
    WHERE (SELECT p.kind FROM "Publication" p WHERE p."orgId" = o.id ORDER BY p.seq DESC LIMIT 1) = 'PUBLISH' $$;

REVOKE ALL ON FUNCTION candor_public_artifact(text, text, text, text, timestamptz, text), candor_artifact_gaps(text, text, timestamptz, int), candor_artifacts_prune(timestamptz), candor_edge_files(text, text, text, timestamptz), candor_published_slugs() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION candor_public_artifact(text, text, text, text, timestamptz, text), candor_artifact_gaps(text, text, timestamptz, int), candor_artifacts_prune(timestamptz), candor_edge_files(text, text, text, timestamptz), candor_published_slugs() TO candor_app;

-- The worker's artifact upkeep (every minute): one run at a time.
SELECT pgboss.create_queue('artifacts.maintain', '{"policy":"singleton","retryLimit":2,"retryDelay":30,"expireInSeconds":600}'::json);
