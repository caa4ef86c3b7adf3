-- candor_edge_manifest by index lookups. The first version joined every live host to a CTE of
-- all current artifacts referenced twice (so materialised, without indexes); with 10,000 tenants
-- the planner chose a nested loop over it and the query took ~28 s, during which a starting web
-- process was not listening (measured by npm run bench). Each host's page and trust.json are now
-- found through PublishedArtifact's primary key: two index lookups per host.
CREATE OR REPLACE FUNCTION candor_edge_manifest(p_origin text, p_platform text, p_at timestamptz)
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
        WHERE d."verifiedAt" IS NOT NULL AND d.status = 'VERIFIED')
    SELECT h.slug, h.host, page.etag, trust.etag, LEAST(page."validUntil", trust."validUntil")
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
      ORDER BY a."validFrom" DESC LIMIT 1) trust ON true $$;
