-- Names (issue 11): a control's category is a control *area*; "domain" now means only a custom
-- domain (CustomDomain, modules/domains). A rename, not a copy: ids, rows, grants, row-level
-- security (policies follow their table) and the foreign key's behaviour stay as they were.
-- Published contracts keep their words: trust.json's `controls.domains` and the export format's
-- `domains` / a control's `domain` (src/modules/content/bundle.ts maps them).
ALTER TABLE "ControlDomain" RENAME TO "ControlArea";
ALTER TABLE "ControlArea" RENAME CONSTRAINT "ControlDomain_pkey" TO "ControlArea_pkey";
ALTER TABLE "ControlArea" RENAME CONSTRAINT "ControlDomain_orgId_fkey" TO "ControlArea_orgId_fkey";
ALTER INDEX "ControlDomain_orgId_name_key" RENAME TO "ControlArea_orgId_name_key";
ALTER INDEX "ControlDomain_orgId_position_idx" RENAME TO "ControlArea_orgId_position_idx";
ALTER POLICY controlDomain_owner ON "ControlArea" RENAME TO controlArea_owner;
ALTER POLICY controlDomain_tenant ON "ControlArea" RENAME TO controlArea_tenant;

ALTER TABLE "Control" RENAME COLUMN "domainId" TO "areaId";
ALTER TABLE "Control" RENAME CONSTRAINT "Control_domainId_fkey" TO "Control_areaId_fkey";
ALTER INDEX "Control_orgId_domainId_position_idx" RENAME TO "Control_orgId_areaId_position_idx";
