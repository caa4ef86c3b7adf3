import { controlSummary } from "@/modules/controls/server/controls";
import { expiryState, getDisclosure } from "@/modules/disclosure/server/disclosure";
import { HomeScreen } from "@/modules/controls/components/org-home-screen";
import { setupChecklist } from "@/modules/organizations/server/setup";
import { liveCoverage } from "@/modules/publishing/server/live-coverage";
import { gatePage } from "@/server/gate-page";

export default async function OrganizationHome({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const [summary, disclosure, live, setup] = await Promise.all([controlSummary({ ctx }), getDisclosure({ ctx }), liveCoverage({ ctx }), setupChecklist({ ctx })]);
  const viewer = { email: ctx.user.email, role: ctx.role, orgName: ctx.org.name };
  return <HomeScreen slug={slug} summary={summary} live={live} expiry={expiryState(disclosure?.expiresAt)} setup={setup} viewer={viewer} />;
}
