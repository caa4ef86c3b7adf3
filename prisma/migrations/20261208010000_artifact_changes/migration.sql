-- What changed since a moment, for the web processes' stored-artifact caches (ADR 043): the slugs
-- with a publication or a stored rendering made at or after p_since, and when. A process asks this
-- once every 30 s, instead of re-checking each page it holds every 30 s (at 10,000 tenants that
-- was hundreds of lookups a second, and after a start a burst of them while the first visitors
-- were served). Slugs of public trust pages and times only: no bytes, nothing a visitor of each
-- page could not see.

SET LOCAL ROLE candor_owner;

CREATE INDEX "PublishedArtifact_createdAt_idx" ON "PublishedArtifact"("createdAt");
CREATE INDEX "Publication_publishedAt_idx" ON "Publication"("publishedAt");

CREATE FUNCTION candor_artifact_changes(p_origin text, p_since timestamptz)
  RETURNS TABLE(slug text, "changedAt" timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT o.slug, max(c.at) FROM (
      SELECT p."orgId", p."publishedAt" AS at FROM "Publication" p WHERE p."publishedAt" >= p_since
      UNION ALL
      SELECT a."orgId", a."createdAt" FROM "PublishedArtifact" a WHERE a."createdAt" >= p_since AND a."appOrigin" = p_origin
    ) c JOIN "Organization" o ON o.id = c."orgId"
    GROUP BY o.slug $$;

REVOKE ALL ON FUNCTION candor_artifact_changes(text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION candor_artifact_changes(text, timestamptz) TO candor_app;
