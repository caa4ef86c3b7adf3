-- The audit chain's head, read under the organisation's chain lock in one round trip instead of
-- two (src/modules/audit/server/audit.ts, chainHead). Every write of the dashboard holds that lock
-- from here to its COMMIT; under load each round trip waits for the web process's event loop, so
-- a round trip less in the lock is a shorter queue of writers (issue 10 item 4.4).
--
-- VOLATILE and plpgsql on purpose: the SELECT runs as its own statement, with a snapshot taken
-- after the lock is granted, so it sees the event the previous holder committed. (In one plain SQL
-- statement the snapshot would predate the wait and the chain could fork.) SECURITY INVOKER: the
-- caller's row-level security applies to the read.

SET LOCAL ROLE candor_owner;

CREATE FUNCTION candor_audit_head(p_org uuid) RETURNS TABLE (seq integer, hash text)
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER SET search_path = public, pg_temp
  AS $$
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('audit:' || p_org::text, 0));
    RETURN QUERY SELECT a.seq, a.hash FROM "AuditEvent" a WHERE a."orgId" = p_org ORDER BY a.seq DESC LIMIT 1;
  END $$;

REVOKE ALL ON FUNCTION candor_audit_head(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION candor_audit_head(uuid) TO candor_app;
