import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { can, type Role } from "@/modules/permissions/permissions";
import { saveDisclosureAction } from "@/modules/disclosure/actions";
import { DisclosureForm } from "@/modules/disclosure/components/disclosure-form";
import type { getDisclosure } from "@/modules/disclosure/server/disclosure";

type Policy = Awaited<ReturnType<typeof getDisclosure>>;
type ExpiryState = "ok" | "missing" | "expired" | "soon";

const EXPIRY_MESSAGES = {
  missing: { tone: "info", text: "Set an expiry date: security.txt requires one (at most a year ahead)." },
  expired: { tone: "error", text: "Your security.txt has expired: researchers are told not to trust it. Set a new date." },
  soon: { tone: "warning", text: "Your security.txt expires within 30 days. Review the policy and set a new date." },
} as const;

/** The vulnerability-disclosure policy: its security.txt expiry, and the form. */
export function DisclosureScreen({ slug, role, policy, state }: { slug: string; role: Role; policy: Policy; state: ExpiryState }) {
  return (
    <div className="max-w-3xl space-y-4">
      <Card>
        <h2 className="text-lg font-semibold">Vulnerability disclosure policy</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          How researchers reach you. It fills your trust page&apos;s disclosure section and your security.txt (RFC 9116).
        </p>
        {state !== "ok" ? (
          <div className="mt-3">
            <Alert tone={EXPIRY_MESSAGES[state].tone}>{EXPIRY_MESSAGES[state].text}</Alert>
          </div>
        ) : null}
        <div className="mt-4">
          <DisclosureForm
            action={saveDisclosureAction.bind(null, slug)}
            version={policy?.version ?? 0}
            canEdit={can(role, "controls.write")}
            values={{
              policy: policy?.policy ?? "",
              contacts: policy?.contacts ?? [],
              encryptionUrl: policy?.encryptionUrl ?? "",
              acknowledgmentsUrl: policy?.acknowledgmentsUrl ?? "",
              preferredLanguages: policy?.preferredLanguages ?? "en",
              responseWithin: policy?.responseWithin ? String(policy.responseWithin) : "",
              responseUnit: policy?.responseUnit ?? "BUSINESS_DAYS",
              safeHarbor: policy?.safeHarbor ?? "",
              bugBounty: policy?.bugBounty ?? false,
              bugBountyUrl: policy?.bugBountyUrl ?? "",
              expiresAt: policy?.expiresAt?.toISOString().slice(0, 10) ?? "",
            }}
          />
        </div>
      </Card>
    </div>
  );
}
