import type { Metadata } from "next";
import { requireUser } from "@/modules/auth/server/sessions";
import { OrganizationsScreen } from "@/modules/organizations/components/organizations-screen";
import { listOrganizationsForUser } from "@/modules/organizations/server/organizations";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardHome() {
  const user = await requireUser();
  return <OrganizationsScreen orgs={await listOrganizationsForUser(user.id)} />;
}
