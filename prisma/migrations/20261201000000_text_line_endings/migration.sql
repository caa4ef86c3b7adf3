-- Multi-line text is stored with "\n" only (src/modules/content/text.ts normalises every form and
-- import from now on). Text saved earlier through a browser carries the CRLF line breaks HTML
-- forms post; normalise it once here, so that the next untouched save of a form is not recorded
-- as an edit of every line. Only line endings change: no version is bumped and no audit event is
-- written, since no one's words changed. Rows without a CR are not touched.

SET LOCAL ROLE candor_owner;

UPDATE "Organization" SET "overview" = regexp_replace("overview", E'\r\n?', E'\n', 'g') WHERE strpos("overview", E'\r') > 0;
UPDATE "Control" SET "description" = regexp_replace("description", E'\r\n?', E'\n', 'g') WHERE strpos("description", E'\r') > 0;
UPDATE "Framework" SET "note" = regexp_replace("note", E'\r\n?', E'\n', 'g') WHERE strpos("note", E'\r') > 0;
UPDATE "DisclosurePolicy"
   SET "policy" = regexp_replace("policy", E'\r\n?', E'\n', 'g'), "safeHarbor" = regexp_replace("safeHarbor", E'\r\n?', E'\n', 'g')
 WHERE strpos("policy" || "safeHarbor", E'\r') > 0;
UPDATE "Document" SET "description" = regexp_replace("description", E'\r\n?', E'\n', 'g') WHERE strpos("description", E'\r') > 0;
UPDATE "Faq" SET "answer" = regexp_replace("answer", E'\r\n?', E'\n', 'g') WHERE strpos("answer", E'\r') > 0;
UPDATE "Update" SET "body" = regexp_replace("body", E'\r\n?', E'\n', 'g') WHERE strpos("body", E'\r') > 0;
UPDATE "Section" SET "body" = regexp_replace("body", E'\r\n?', E'\n', 'g') WHERE strpos("body", E'\r') > 0;
UPDATE "SecurityReview" SET "summary" = regexp_replace("summary", E'\r\n?', E'\n', 'g') WHERE strpos("summary", E'\r') > 0;
UPDATE "ReviewItem"
   SET "evidence" = regexp_replace("evidence", E'\r\n?', E'\n', 'g'),
       "finding" = regexp_replace("finding", E'\r\n?', E'\n', 'g'),
       "rationale" = regexp_replace("rationale", E'\r\n?', E'\n', 'g')
 WHERE strpos("evidence" || "finding" || "rationale", E'\r') > 0;
