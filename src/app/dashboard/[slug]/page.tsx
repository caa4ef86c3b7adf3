import { controlSummary } from "@/modules/controls/server/controls";
import { expiryState, getDisclosure } from "@/modules/disclosure/server/disclosure";
import { HomeScreen } from "@/modules/controls/components/org-home-screen";
import { liveCoverage } from "@/modules/publishing/server/live-coverage";
import { gatePage } from "@/server/gate-page";

export default async function OrganizationHome({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ctx = await gatePage({ slug, action: "org.read" });
  const [summary, disclosure, live] = await Promise.all([controlSummary({ ctx }), getDisclosure({ ctx }), liveCoverage({ ctx })]);
  const viewer = { email: ctx.user.email, role: ctx.role, orgName: ctx.org.name };
  return <HomeScreen slug={slug} summary={summary} live={live} expiry={expiryState(disclosure?.expiresAt)} viewer={viewer} />;
}
