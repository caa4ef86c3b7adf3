import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { CreateOrganizationForm } from "@/modules/organizations/components/create-organization-form";

export const metadata: Metadata = { title: "New organisation" };

export default function NewOrganizationPage() {
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1 className="text-2xl font-semibold">New organisation</h1>
      <Card>
        <CreateOrganizationForm />
      </Card>
    </div>
  );
}
