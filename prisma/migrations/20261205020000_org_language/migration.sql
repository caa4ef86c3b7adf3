-- Languages (issue 15, ADR 038). The public page's chrome (labels, statuses, dates, numbers) is
-- rendered in six languages; tenant-authored text stays in the language it was written in.
-- Columns only: the tables keep their row-level security.

SET LOCAL ROLE candor_owner;

-- The organisation's default language: what its page shows a visitor whose Accept-Language names
-- none of the six. Published with the page (the publication document carries it).
ALTER TABLE "Organization" ADD COLUMN "language" TEXT NOT NULL DEFAULT 'en';
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_language_check"
    CHECK ("language" IN ('en', 'de', 'fr', 'nl', 'es', 'it'));

-- The language a prospect used when they subscribed or asked for access: the mails they get later
-- (confirmation, notices, digests, decisions) are written in it. Rows made before: English, the
-- only language the page had.
ALTER TABLE "Subscriber" ADD COLUMN "language" TEXT NOT NULL DEFAULT 'en';
ALTER TABLE "Subscriber" ADD CONSTRAINT "Subscriber_language_check"
    CHECK ("language" IN ('en', 'de', 'fr', 'nl', 'es', 'it'));
ALTER TABLE "AccessRequest" ADD COLUMN "language" TEXT NOT NULL DEFAULT 'en';
ALTER TABLE "AccessRequest" ADD CONSTRAINT "AccessRequest_language_check"
    CHECK ("language" IN ('en', 'de', 'fr', 'nl', 'es', 'it'));

-- Stored artifacts per language (ADR 038): the page, the changelog and the verify page are stored
-- once per language as '{surface}@{language}' (each language's own ETag), and under the bare
-- surface name in the organisation's default language (what answers a visitor who named none).
ALTER TABLE "PublishedArtifact" DROP CONSTRAINT "PublishedArtifact_surface_check";
ALTER TABLE "PublishedArtifact" ADD CONSTRAINT "PublishedArtifact_surface_check"
    CHECK ("surface" IN ('page', 'trust.json', 'security.txt', 'changelog', 'feed.xml', 'verify')
        OR "surface" ~ '^(page|changelog|verify)@(en|de|fr|nl|es|it)$');

-- The worker's gap finder expects every language's page and verify page, so a publication made
-- before this migration, or a failed write, is completed ahead of the first German visitor.
CREATE OR REPLACE FUNCTION candor_artifact_gaps(p_origin text, p_platform text, p_at timestamptz, p_limit int)
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
        CROSS JOIN (SELECT 'verify' AS base UNION ALL SELECT 'page' WHERE live.kind = 'PUBLISH') bases
        CROSS JOIN LATERAL (
          SELECT bases.base AS surface
          UNION ALL SELECT bases.base || '@' || l FROM unnest(ARRAY['en', 'de', 'fr', 'nl', 'es', 'it']) l) surfaces
        UNION ALL SELECT '', 'trust.json') s)
    SELECT DISTINCT e."orgId", e.slug FROM expected e
    WHERE NOT EXISTS (
      SELECT 1 FROM "PublishedArtifact" a
      WHERE a."orgId" = e."orgId" AND a."publicationHash" = e.hash AND a."appOrigin" = p_origin
        AND a.site = e.site AND a.surface = e.surface
        AND a."validFrom" <= p_at AND (a."validUntil" IS NULL OR a."validUntil" > p_at))
    LIMIT p_limit $$;

-- The edge's file writer: a tenant host's page in the default language ('page'), in each language
-- ('page@de', …: index.de.html, which Caddy serves by Accept-Language) and trust.json.
CREATE OR REPLACE FUNCTION candor_edge_files(p_slug text, p_origin text, p_platform text, p_at timestamptz)
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
        AND (((a.surface = 'page' OR a.surface LIKE 'page@%') AND a.site = h.host) OR (a.surface = 'trust.json' AND a.site = ''))
        AND a."validFrom" <= p_at AND (a."validUntil" IS NULL OR a."validUntil" > p_at)) a ON true $$;

-- The edge's manifest (what a starting web process keeps in PUBLISHED_DIR): also how many of the
-- host's language pages are stored, so a directory written before the worker stored them is
-- written again rather than kept without them. The return type changes: dropped and made anew.
-- Migration 20261201050000 made it without `SET LOCAL ROLE candor_owner`, so the migrating login
-- owns it and only that login may drop it; the new one is candor_owner's, like everything else.
RESET ROLE;
DROP FUNCTION candor_edge_manifest(text, text, timestamptz);
SET LOCAL ROLE candor_owner;
CREATE FUNCTION candor_edge_manifest(p_origin text, p_platform text, p_at timestamptz)
  RETURNS TABLE(slug text, host text, page_etag text, trust_etag text, "validUntil" timestamptz, languages int)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    WITH live AS (
      SELECT o.slug, l."orgId", l.hash FROM "Organization" o
      JOIN LATERAL (SELECT p."orgId", p.hash, p.kind FROM "Publication" p WHERE p."orgId" = o.id ORDER BY p.seq DESC LIMIT 1) l ON l.kind = 'PUBLISH'),
    hosts AS (
      SELECT live.slug, live."orgId", live.hash, live.slug || '.' || p_platform AS host FROM live
      UNION ALL
      SELECT live.slug, live."orgId", live.hash, d.hostname FROM live JOIN "CustomDomain" d ON d."orgId" = live."orgId"
        WHERE d."verifiedAt" IS NOT NULL AND d.status = 'VERIFIED')
    SELECT h.slug, h.host, page.etag, trust.etag, LEAST(page."validUntil", trust."validUntil"), languages.count
    FROM hosts h
    JOIN LATERAL (
      SELECT a.etag, a."validUntil" FROM "PublishedArtifact" a
      WHERE a."orgId" = h."orgId" AND a."publicationHash" = h.hash AND a."appOrigin" = p_origin AND a.site = h.host AND a.surface = 'page'
        AND a."validFrom" <= p_at AND (a."validUntil" IS NULL OR a."validUntil" > p_at)
      ORDER BY a."validFrom" DESC LIMIT 1) page ON true
    LEFT JOIN LATERAL (
      SELECT a.etag, a."validUntil" FROM "PublishedArtifact" a
      WHERE a."orgId" = h."orgId" AND a."publicationHash" = h.hash AND a."appOrigin" = p_origin AND a.site = '' AND a.surface = 'trust.json'
        AND a."validFrom" <= p_at AND (a."validUntil" IS NULL OR a."validUntil" > p_at)
      ORDER BY a."validFrom" DESC LIMIT 1) trust ON true
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS count FROM "PublishedArtifact" a
      WHERE a."orgId" = h."orgId" AND a."publicationHash" = h.hash AND a."appOrigin" = p_origin AND a.site = h.host
        AND a.surface IN ('page@en', 'page@de', 'page@fr', 'page@nl', 'page@es', 'page@it')
        AND a."validFrom" <= p_at AND (a."validUntil" IS NULL OR a."validUntil" > p_at)) languages $$;
REVOKE ALL ON FUNCTION candor_edge_manifest(text, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION candor_edge_manifest(text, text, timestamptz) TO candor_app;
