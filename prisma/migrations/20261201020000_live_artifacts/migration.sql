-- A web process that starts (or restarts) loads the live pages into memory before it listens
-- (warmStoredArtifacts(), ADR 025), so the first visitor of each tenant is served from memory,
-- not from a query of their own. Keyset pages of p_limit rows, ordered by (slug, site): the same
-- rows candor_public_artifact() answers one by one, for one surface and one encoding.

SET LOCAL ROLE candor_owner;

CREATE FUNCTION candor_live_artifacts(p_origin text, p_surface text, p_at timestamptz, p_encoding text, p_after_slug text, p_after_site text, p_limit int)
  RETURNS TABLE(slug text, site text, etag text, "contentType" text, "validUntil" timestamptz, bytes bytea)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT o.slug, a.site, a.etag, a."contentType", a."validUntil",
      CASE p_encoding WHEN 'br' THEN a.br WHEN 'gzip' THEN a.gzip ELSE a.body END
    FROM "Organization" o
    JOIN LATERAL (SELECT p.hash FROM "Publication" p WHERE p."orgId" = o.id ORDER BY p.seq DESC LIMIT 1) live ON true
    JOIN "PublishedArtifact" a ON a."orgId" = o.id AND a."publicationHash" = live.hash AND a."appOrigin" = p_origin
      AND a.surface = p_surface AND a."validFrom" <= p_at AND (a."validUntil" IS NULL OR a."validUntil" > p_at)
    WHERE (o.slug, a.site) > (p_after_slug, p_after_site)
    ORDER BY o.slug, a.site
    LIMIT p_limit $$;

REVOKE ALL ON FUNCTION candor_live_artifacts(text, text, timestamptz, text, text, text, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION candor_live_artifacts(text, text, timestamptz, text, text, text, int) TO candor_app;
