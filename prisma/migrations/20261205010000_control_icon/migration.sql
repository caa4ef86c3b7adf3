-- The page's design (issue 15): a control may carry one icon from the built-in set (drawn in
-- src/modules/publishing/render/icons.ts; the list is CONTROL_ICONS in src/modules/content/schema.ts),
-- and a section may be marked as comparing options (its tables are shown as a comparison that
-- stays readable on a phone). Columns only: the tables keep their row-level security and grants.

SET LOCAL ROLE candor_owner;

ALTER TABLE "Control" ADD COLUMN "icon" TEXT;
ALTER TABLE "Control" ADD CONSTRAINT "Control_icon_check"
    CHECK ("icon" IS NULL OR "icon" IN ('lock', 'key', 'shield', 'server', 'cloud', 'users', 'eye', 'file', 'bug', 'database', 'network', 'clock', 'alert', 'check'));

ALTER TABLE "Section" ADD COLUMN "comparison" BOOLEAN NOT NULL DEFAULT false;
