-- A web process that starts loads the live pages into memory before it listens (ADR 025). It
-- read them through candor_live_artifacts() in keyset pages of 500 rows ordered by (slug, site);
-- but each page of rows joined every organisation to its live artifacts and sorted the lot before
-- its LIMIT, so a start at 10,000 tenants did that 40 times (measured: 168 ms a page of rows, most
-- of a 13–15 s load; a condition `o.slug >= p_after_slug` did not change the plan). Here each call
-- takes the next p_orgs organisations by slug first (the slug's unique index), and only theirs are
-- joined: a call costs what it returns (ADR 043, "The start's load").
-- Every organisation of the slice is returned, with NULL columns when it has no live page of that
-- surface: the caller continues after the last slug, and stops when fewer than p_orgs came back.

SET LOCAL ROLE candor_owner;

CREATE FUNCTION candor_live_pages(p_origin text, p_surface text, p_at timestamptz, p_encoding text, p_after_slug text, p_orgs int)
  RETURNS TABLE(slug text, site text, etag text, "contentType" text, "validUntil" timestamptz, bytes bytea)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT o.slug, x.site, x.etag, x."contentType", x."validUntil", x.bytes
    FROM (SELECT id, slug FROM "Organization" WHERE slug > p_after_slug ORDER BY slug LIMIT p_orgs) o
    LEFT JOIN LATERAL (
      SELECT a.site, a.etag, a."contentType", a."validUntil",
        CASE p_encoding WHEN 'br' THEN a.br WHEN 'gzip' THEN a.gzip ELSE a.body END AS bytes
      FROM (SELECT p.hash FROM "Publication" p WHERE p."orgId" = o.id ORDER BY p.seq DESC LIMIT 1) live
      JOIN "PublishedArtifact" a ON a."orgId" = o.id AND a."publicationHash" = live.hash AND a."appOrigin" = p_origin
        AND a.surface = p_surface AND a."validFrom" <= p_at AND (a."validUntil" IS NULL OR a."validUntil" > p_at)
    ) x ON true
    ORDER BY o.slug, x.site $$;

REVOKE ALL ON FUNCTION candor_live_pages(text, text, timestamptz, text, text, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION candor_live_pages(text, text, timestamptz, text, text, int) TO candor_app;

DROP FUNCTION candor_live_artifacts(text, text, timestamptz, text, text, text, int);
