-- Alerts (issue 13, ADR 033): each member chooses, per kind of alert, one mail now (EMAIL), a line
-- in the daily digest (DIGEST) or nothing (OFF). Generalises the access-request mail choice of
-- ADR 029 addendum D, which moves here from the Member row. Every table carries orgId under
-- forced row-level security.

SET LOCAL ROLE candor_owner;

CREATE TYPE "AlertKind" AS ENUM ('ACCESS_REQUEST', 'OBJECTION', 'DOMAIN_FAILURE', 'EXPIRY', 'REVIEW_DUE');
CREATE TYPE "AlertChannel" AS ENUM ('EMAIL', 'DIGEST', 'OFF');

-- A member's own choice per kind; no row: the kind's default for the member's role.
CREATE TABLE "AlertPreference" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "channel" "AlertChannel" NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AlertPreference_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AlertPreference_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AlertPreference_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "AlertPreference_orgId_memberId_kind_key" ON "AlertPreference"("orgId", "memberId", "kind");

-- An alert kept for one member's next digest. `link` is a path on the app host (the mail makes it
-- absolute); `ref` names what it is about, so it can be withdrawn when it no longer holds.
CREATE TABLE "AlertEvent" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "memberId" UUID NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "subject" TEXT NOT NULL,
    "lines" TEXT[],
    "link" TEXT NOT NULL,
    "ref" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "digestedAt" TIMESTAMPTZ(3),
    CONSTRAINT "AlertEvent_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AlertEvent_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AlertEvent_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "AlertEvent_orgId_memberId_digestedAt_idx" ON "AlertEvent"("orgId", "memberId", "digestedAt");
CREATE INDEX "AlertEvent_orgId_kind_ref_idx" ON "AlertEvent"("orgId", "kind", "ref");

-- A check that alerted once and must not again: an expiry threshold of one item, one week's
-- review summary. Insert-only for the application.
CREATE TABLE "AlertCheck" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "orgId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AlertCheck_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AlertCheck_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "AlertCheck_orgId_key_key" ON "AlertCheck"("orgId", "key");

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['AlertPreference', 'AlertEvent', 'AlertCheck'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO candor_owner USING (true) WITH CHECK (true)', lower(t) || '_owner', t);
    EXECUTE format('CREATE POLICY %I ON %I USING ("orgId" = app_org_id()) WITH CHECK ("orgId" = app_org_id())', lower(t) || '_tenant', t);
  END LOOP;
END
$$;

-- What the application may do to each (the init migration's default privileges granted all four).
-- A preference goes with its membership (the foreign key), never by the application's hand; an
-- event is withdrawn (DELETE) when what it reports no longer holds; a check is never undone.
REVOKE DELETE, TRUNCATE ON "AlertPreference" FROM candor_app;
REVOKE TRUNCATE ON "AlertEvent" FROM candor_app;
REVOKE UPDATE, DELETE, TRUNCATE ON "AlertCheck" FROM candor_app;

-- The access-request choice moves here: EACH → EMAIL (the default, so no row), DAILY → DIGEST,
-- NONE → OFF.
INSERT INTO "AlertPreference" ("orgId", "memberId", "kind", "channel")
SELECT "orgId", "id", 'ACCESS_REQUEST',
       CASE "accessRequestMail" WHEN 'DAILY' THEN 'DIGEST'::"AlertChannel" ELSE 'OFF'::"AlertChannel" END
FROM "Member" WHERE "accessRequestMail" <> 'EACH';

-- What a digest member's next access digest would have listed becomes their pending alerts, in
-- the words the application writes (src/modules/alerts/server/kinds.ts, accessRequestAlert), so
-- the switch neither loses nor repeats a request.
INSERT INTO "AlertEvent" ("orgId", "memberId", "kind", "subject", "lines", "link", "ref", "createdAt")
SELECT r."orgId", m."id", 'ACCESS_REQUEST',
       'Access request from ' || r."fullName" || ' (' || r."email" || ') of ' || r."company",
       ARRAY['Confirmed their address ' || to_char(r."verifiedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC; no rule decided it.'],
       '/dashboard/' || o."slug" || '/access', r."id"::text, r."verifiedAt"
FROM "AccessRequest" r
JOIN "Member" m ON m."orgId" = r."orgId" AND m."accessRequestMail" = 'DAILY' AND m."role" IN ('OWNER', 'ADMIN')
JOIN "Organization" o ON o."id" = r."orgId"
WHERE r."status" = 'PENDING' AND r."verifiedAt" > COALESCE(m."lastAccessDigestAt", now() - interval '24 hours');

ALTER TABLE "Member" DROP COLUMN "accessRequestMail", DROP COLUMN "lastAccessDigestAt";
DROP TYPE "AccessMailPreference";

-- The access digest is folded into the alerts digest (one mail per member, every kind).
DELETE FROM pgboss.schedule WHERE name = 'access.digest';
SELECT pgboss.delete_queue('access.digest');

-- The daily digest (08:00 UTC) and the daily checks (expiry, review summary; 06:00 UTC): one run
-- at a time each.
SELECT pgboss.create_queue('alerts.digest', '{"policy":"singleton","retryLimit":3,"retryDelay":60,"retryBackoff":true,"expireInSeconds":900}'::json);
SELECT pgboss.create_queue('alerts.daily', '{"policy":"singleton","retryLimit":3,"retryDelay":60,"retryBackoff":true,"expireInSeconds":900}'::json);
