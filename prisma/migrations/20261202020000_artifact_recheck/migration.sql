-- candor_public_artifact with p_encoding 'none': the live artifact's ETag and validity without
-- its bytes. Each web process re-checks what it holds every 30 s (a bound on a lost
-- notification); at 10,000 tenants that read ~12 KB of bytes per check, hundreds of times a
-- second, to find the same ETag almost every time. The bytes are read again only when it changed.
CREATE OR REPLACE FUNCTION candor_public_artifact(p_slug text, p_origin text, p_site text, p_surface text, p_at timestamptz, p_encoding text)
  RETURNS TABLE(hash text, kind "PublicationKind", etag text, "contentType" text, "validUntil" timestamptz, bytes bytea)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    WITH live AS (
      SELECT p."orgId", p.hash, p.kind FROM "Publication" p JOIN "Organization" o ON o.id = p."orgId"
      WHERE o.slug = p_slug ORDER BY p.seq DESC LIMIT 1)
    SELECT live.hash, live.kind, a.etag, a."contentType", a."validUntil",
      CASE p_encoding WHEN 'br' THEN a.br WHEN 'gzip' THEN a.gzip WHEN 'none' THEN NULL ELSE a.body END
    FROM live LEFT JOIN LATERAL (
      SELECT * FROM "PublishedArtifact" a
      WHERE a."orgId" = live."orgId" AND a."publicationHash" = live.hash AND a."appOrigin" = p_origin
        AND a.site = p_site AND a.surface = p_surface
        AND a."validFrom" <= p_at AND (a."validUntil" IS NULL OR a."validUntil" > p_at)
      ORDER BY a."validFrom" DESC LIMIT 1) a ON true $$;
