import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { localeOr } from "@/lib/locales";
import { can } from "@/modules/permissions/permissions";
import { SettingsForm } from "@/modules/organizations/components/settings-form";
import { getOrganizationSettings } from "@/modules/organizations/server/organizations";
import { gatePage } from "@/server/gate-page";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const settings = await getOrganizationSettings({ ctx });
  const canEdit = can(ctx.role, "org.settings.update");
  return (
    <div className="max-w-2xl space-y-4">
      {!canEdit ? <Alert tone="info">Your role can read these settings. Owners and admins can change them.</Alert> : null}
      <Card>
        <SettingsForm
          canEdit={canEdit}
          settings={{
            name: settings.name,
            slug: settings.slug,
            overview: settings.overview,
            brandColor: settings.brandColor,
            securityContactEmail: settings.securityContactEmail,
            hasLogo: settings.logoUpdatedAt !== null,
            requireMfa: settings.requireMfa,
            requirePublishApproval: settings.requirePublishApproval,
            subprocessorNoticeDays: settings.subprocessorNoticeDays,
            pageVersion: settings.pageVersion,
            pageEffectiveDate: settings.pageEffectiveDate?.toISOString().slice(0, 10) ?? null,
            language: localeOr(settings.language),
            version: settings.version,
          }}
        />
      </Card>
    </div>
  );
}
