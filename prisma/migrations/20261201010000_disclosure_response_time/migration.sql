-- The disclosure policy's response time becomes a number and a unit, so the trust page's
-- "We respond to reports within …" is a sentence whatever was entered (issue 10, item 8). The
-- free text it replaces is read with the rule of parseLegacyResponseTime()
-- (src/modules/content/response-time.ts): "1 business day", "One business day", "48h",
-- "5 working days", "3 days". Text that names no time is not dropped: it is kept as the last
-- line of the policy, "Response time: …", where the page shows it as before.

SET LOCAL ROLE candor_owner;

CREATE TYPE "ResponseUnit" AS ENUM ('HOURS', 'BUSINESS_DAYS', 'DAYS');

ALTER TABLE "DisclosurePolicy"
  ADD COLUMN "responseWithin" INTEGER,
  ADD COLUMN "responseUnit" "ResponseUnit",
  ADD CONSTRAINT "DisclosurePolicy_response_complete" CHECK (("responseWithin" IS NULL) = ("responseUnit" IS NULL)),
  ADD CONSTRAINT "DisclosurePolicy_responseWithin_range" CHECK ("responseWithin" BETWEEN 1 AND 365);

WITH legacy AS (
  SELECT "orgId", btrim("responseTime") AS text,
         regexp_match(btrim("responseTime"), '\m(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]*(business|working)?[\s-]*(hours?|hrs?|h|days?)\M', 'i') AS m
  FROM "DisclosurePolicy"
  WHERE "responseTime" IS NOT NULL AND btrim("responseTime") <> ''
), parsed AS (
  SELECT "orgId", text,
         CASE WHEN m IS NULL THEN NULL
              WHEN m[1] ~ '^\d+$' THEN m[1]::int
              ELSE array_position(ARRAY['one','two','three','four','five','six','seven','eight','nine','ten'], lower(m[1])) END AS within,
         CASE WHEN m IS NULL THEN NULL
              WHEN lower(m[3]) LIKE 'h%' THEN 'HOURS'
              WHEN m[2] IS NOT NULL THEN 'BUSINESS_DAYS'
              ELSE 'DAYS' END AS unit
  FROM legacy
)
UPDATE "DisclosurePolicy" d
   SET "responseWithin" = CASE WHEN p.within BETWEEN 1 AND 365 THEN p.within END,
       "responseUnit" = CASE WHEN p.within BETWEEN 1 AND 365 THEN p.unit::"ResponseUnit" END,
       "policy" = CASE WHEN p.within BETWEEN 1 AND 365 THEN d."policy"
                       WHEN btrim(d."policy") = '' THEN 'Response time: ' || p.text
                       ELSE d."policy" || E'\n\nResponse time: ' || p.text END
  FROM parsed p
 WHERE d."orgId" = p."orgId";

ALTER TABLE "DisclosurePolicy" DROP COLUMN "responseTime";
