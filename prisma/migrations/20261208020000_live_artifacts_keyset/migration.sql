-- candor_live_artifacts() pages through the live pages by (slug, site). The keyset condition
-- (o.slug, a.site) > (p_after_slug, p_after_site) spans two tables, so no index could start the
-- scan there: every page of rows walked the organisations from the first slug again (quadratic in
-- the tenants; a start loading 20,000 pages spent ~15 s on it). `o.slug >= p_after_slug` says the
-- same about the organisation alone, which the unique index on Organization.slug can start from.

SET LOCAL ROLE candor_owner;

CREATE OR REPLACE FUNCTION candor_live_artifacts(p_origin text, p_surface text, p_at timestamptz, p_encoding text, p_after_slug text, p_after_site text, p_limit int)
  RETURNS TABLE(slug text, site text, etag text, "contentType" text, "validUntil" timestamptz, bytes bytea)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT o.slug, a.site, a.etag, a."contentType", a."validUntil",
      CASE p_encoding WHEN 'br' THEN a.br WHEN 'gzip' THEN a.gzip ELSE a.body END
    FROM "Organization" o
    JOIN LATERAL (SELECT p.hash FROM "Publication" p WHERE p."orgId" = o.id ORDER BY p.seq DESC LIMIT 1) live ON true
    JOIN "PublishedArtifact" a ON a."orgId" = o.id AND a."publicationHash" = live.hash AND a."appOrigin" = p_origin
      AND a.surface = p_surface AND a."validFrom" <= p_at AND (a."validUntil" IS NULL OR a."validUntil" > p_at)
    WHERE o.slug >= p_after_slug AND (o.slug, a.site) > (p_after_slug, p_after_site)
    ORDER BY o.slug, a.site
    LIMIT p_limit $$;
