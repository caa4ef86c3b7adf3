-- The edge's file writer (src/server/edge/published-dir.ts) at start and after missed
-- notifications: which files every live host should hold now, by ETag, without their bytes. A
-- starting instance keeps what is already right in the shared PUBLISHED_DIR, removes at once what
-- is not, and writes only what is missing: it no longer empties the directory another instance
-- is serving from (a second web process starting wiped the first one's files).
CREATE FUNCTION candor_edge_manifest(p_origin text, p_platform text, p_at timestamptz)
  RETURNS TABLE(slug text, host text, page_etag text, trust_etag text, "validUntil" timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    WITH live AS (
      SELECT o.slug, l."orgId", l.hash FROM "Organization" o
      JOIN LATERAL (SELECT p."orgId", p.hash, p.kind FROM "Publication" p WHERE p."orgId" = o.id ORDER BY p.seq DESC LIMIT 1) l ON l.kind = 'PUBLISH'),
    hosts AS (
      SELECT live.slug, live."orgId", live.hash, live.slug || '.' || p_platform AS host FROM live
      UNION ALL
      SELECT live.slug, live."orgId", live.hash, d.hostname FROM live JOIN "CustomDomain" d ON d."orgId" = live."orgId"
        WHERE d."verifiedAt" IS NOT NULL AND d.status = 'VERIFIED'),
    current AS (
      SELECT a."orgId", a."publicationHash", a.surface, a.site, a.etag, a."validUntil" FROM "PublishedArtifact" a
      WHERE a."appOrigin" = p_origin AND a.surface IN ('page', 'trust.json')
        AND a."validFrom" <= p_at AND (a."validUntil" IS NULL OR a."validUntil" > p_at))
    SELECT h.slug, h.host, page.etag, trust.etag, LEAST(page."validUntil", trust."validUntil")
    FROM hosts h
    JOIN current page ON page."orgId" = h."orgId" AND page."publicationHash" = h.hash AND page.surface = 'page' AND page.site = h.host
    LEFT JOIN current trust ON trust."orgId" = h."orgId" AND trust."publicationHash" = h.hash AND trust.surface = 'trust.json' AND trust.site = '' $$;

REVOKE ALL ON FUNCTION candor_edge_manifest(text, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION candor_edge_manifest(text, text, timestamptz) TO candor_app;
