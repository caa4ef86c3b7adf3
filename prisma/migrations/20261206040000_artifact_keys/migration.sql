-- Stored renderings are keyed by APP_URL's origin and the renderer's version (the "appOrigin"
-- column holds that key; src/modules/publishing/render/version.ts). A release that renders the
-- public surfaces differently, or a changed APP_URL, leaves the rows of the former key behind:
-- nothing of this release serves them. The worker deletes those stored over a day before
-- (candor_artifacts_prune only removes superseded and expired rows). Caches of public bytes,
-- rebuilt on demand: the worker renders the current key's rows ahead of visitors.

SET LOCAL ROLE candor_owner;

CREATE FUNCTION candor_artifacts_prune_keys(p_key text, p_before timestamptz) RETURNS bigint
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    WITH gone AS (
      DELETE FROM "PublishedArtifact" a
      WHERE a."appOrigin" <> p_key AND a."createdAt" < p_before
      RETURNING 1)
    SELECT count(*) FROM gone $$;

REVOKE ALL ON FUNCTION candor_artifacts_prune_keys(text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION candor_artifacts_prune_keys(text, timestamptz) TO candor_app;
