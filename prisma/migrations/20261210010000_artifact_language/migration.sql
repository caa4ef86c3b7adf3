-- A stored rendering's language (ADR 038, "The organisation's own language"). A browser whose
-- Accept-Language negotiates the organisation's default language is served the default rendering
-- (the bare `page` row, the same bytes a browser naming none of ours gets), not `page@{that
-- language}`: the edge must know, from the row it holds, which language the bare rendering is in.
-- Before, an English browser on an English trust center asked for `page@en`, which a web process
-- does not load at start, so after each restart every tenant's first such visitor cost a query.
-- The column is derived (the renderer writes it, as it writes the ETag); NULL means unknown, and
-- an unknown language is never taken for the visitor's (the previous behaviour).

SET LOCAL ROLE candor_owner;

ALTER TABLE "PublishedArtifact" ADD COLUMN "language" text;

-- Rows already stored: a language's own rendering names it; the bare rendering of a localized
-- surface is in its publication's default language (the document carries it only when it is not
-- English, ADR 038). A publication without a view (one that took the page offline) is left NULL.
UPDATE "PublishedArtifact" SET "language" = substring(surface FROM '@([a-z]{2})$') WHERE surface ~ '^(page|changelog|verify)@[a-z]{2}$';
UPDATE "PublishedArtifact" a SET "language" = coalesce(p.canonical::jsonb #>> '{view,organization,language}', 'en')
  FROM "Publication" p
  WHERE p."orgId" = a."orgId" AND p.hash = a."publicationHash" AND a.surface IN ('page', 'changelog', 'verify')
    AND p.canonical::jsonb -> 'view' IS NOT NULL AND p.canonical::jsonb -> 'view' <> 'null'::jsonb;

-- The three readers of stored renderings return it. Their return types change: dropped and made anew.
DROP FUNCTION candor_public_artifact(text, text, text, text, timestamptz, text);
CREATE FUNCTION candor_public_artifact(p_slug text, p_origin text, p_site text, p_surface text, p_at timestamptz, p_encoding text)
  RETURNS TABLE(hash text, kind "PublicationKind", etag text, "contentType" text, "validUntil" timestamptz, language text, bytes bytea)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    WITH live AS (
      SELECT p."orgId", p.hash, p.kind FROM "Publication" p JOIN "Organization" o ON o.id = p."orgId"
      WHERE o.slug = p_slug ORDER BY p.seq DESC LIMIT 1)
    SELECT live.hash, live.kind, a.etag, a."contentType", a."validUntil", a.language,
      CASE p_encoding WHEN 'br' THEN a.br WHEN 'gzip' THEN a.gzip WHEN 'none' THEN NULL ELSE a.body END
    FROM live LEFT JOIN LATERAL (
      SELECT * FROM "PublishedArtifact" a
      WHERE a."orgId" = live."orgId" AND a."publicationHash" = live.hash AND a."appOrigin" = p_origin
        AND a.site = p_site AND a.surface = p_surface
        AND a."validFrom" <= p_at AND (a."validUntil" IS NULL OR a."validUntil" > p_at)
      ORDER BY a."validFrom" DESC LIMIT 1) a ON true $$;
REVOKE ALL ON FUNCTION candor_public_artifact(text, text, text, text, timestamptz, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION candor_public_artifact(text, text, text, text, timestamptz, text) TO candor_app;

DROP FUNCTION candor_live_pages(text, text, timestamptz, text, text, int);
CREATE FUNCTION candor_live_pages(p_origin text, p_surface text, p_at timestamptz, p_encoding text, p_after_slug text, p_orgs int)
  RETURNS TABLE(slug text, site text, etag text, "contentType" text, "validUntil" timestamptz, language text, bytes bytea)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT o.slug, x.site, x.etag, x."contentType", x."validUntil", x.language, x.bytes
    FROM (SELECT id, slug FROM "Organization" WHERE slug > p_after_slug ORDER BY slug LIMIT p_orgs) o
    LEFT JOIN LATERAL (
      SELECT a.site, a.etag, a."contentType", a."validUntil", a.language,
        CASE p_encoding WHEN 'br' THEN a.br WHEN 'gzip' THEN a.gzip ELSE a.body END AS bytes
      FROM (SELECT p.hash FROM "Publication" p WHERE p."orgId" = o.id ORDER BY p.seq DESC LIMIT 1) live
      JOIN "PublishedArtifact" a ON a."orgId" = o.id AND a."publicationHash" = live.hash AND a."appOrigin" = p_origin
        AND a.surface = p_surface AND a."validFrom" <= p_at AND (a."validUntil" IS NULL OR a."validUntil" > p_at)
    ) x ON true
    ORDER BY o.slug, x.site $$;
REVOKE ALL ON FUNCTION candor_live_pages(text, text, timestamptz, text, text, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION candor_live_pages(text, text, timestamptz, text, text, int) TO candor_app;

DROP FUNCTION candor_edge_files(text, text, text, timestamptz);
CREATE FUNCTION candor_edge_files(p_slug text, p_origin text, p_platform text, p_at timestamptz)
  RETURNS TABLE(host text, surface text, etag text, "validUntil" timestamptz, language text, body bytea, br bytea, gzip bytea)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    WITH live AS (
      SELECT p."orgId", p.hash FROM "Publication" p JOIN "Organization" o ON o.id = p."orgId"
      WHERE o.slug = p_slug ORDER BY p.seq DESC LIMIT 1),
    hosts AS (
      SELECT p_slug || '.' || p_platform AS host
      UNION ALL SELECT d.hostname FROM "CustomDomain" d JOIN live ON d."orgId" = live."orgId"
        WHERE d."verifiedAt" IS NOT NULL AND d.status = 'VERIFIED')
    SELECT h.host, a.surface, a.etag, a."validUntil", a.language, a.body, a.br, a.gzip
    FROM live CROSS JOIN hosts h
    JOIN LATERAL (
      SELECT * FROM "PublishedArtifact" a
      WHERE a."orgId" = live."orgId" AND a."publicationHash" = live.hash AND a."appOrigin" = p_origin
        AND (((a.surface = 'page' OR a.surface LIKE 'page@%') AND a.site = h.host) OR (a.surface = 'trust.json' AND a.site = ''))
        AND a."validFrom" <= p_at AND (a."validUntil" IS NULL OR a."validUntil" > p_at)) a ON true $$;
REVOKE ALL ON FUNCTION candor_edge_files(text, text, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION candor_edge_files(text, text, text, timestamptz) TO candor_app;
