import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/action-form";
import { ContentForm } from "@/components/content/content-form";
import { Card } from "@/components/ui/card";
import { SubmitButton } from "@/components/ui/submit-button";
import { can } from "@/modules/permissions/permissions";
import { deleteItemAction, saveItemAction } from "@/modules/content/actions";
import { isKind, KINDS } from "@/modules/content/kinds";
import { getItem, toInput } from "@/modules/content/server/crud";
import { AppError } from "@/server/errors";
import { gatePage } from "@/server/gate-page";

export default async function EditContentPage({ params }: { params: Promise<{ slug: string; type: string; id: string }> }) {
  const { slug, type, id } = await params;
  if (!isKind(type)) notFound();
  const ctx = await gatePage({ slug, action: "org.read" });
  const row = await getItem({ ctx, kind: type, id }).catch((error) => {
    if (error instanceof AppError || (error as Error).name === "ZodError") notFound();
    throw error;
  });
  const spec = KINDS[type];
  const canEdit = can(ctx.role, "controls.write");
  return (
    <div className="max-w-3xl space-y-4">
      <Card>
        <p className="text-sm">
          <Link href={`/dashboard/${slug}/${type}`}>← {spec.plural}</Link>
        </p>
        <h2 className="mt-2 text-lg font-semibold">{String(row[spec.titleField])}</h2>
        <div className="mt-4">
          <ContentForm kind={type} action={saveItemAction.bind(null, slug, type, id)} values={toInput(type, row)} version={row.version} canEdit={canEdit} />
        </div>
      </Card>
      {canEdit && type !== "subprocessors" ? (
        <Card>
          <h3 className="font-semibold">Delete this {spec.singular}</h3>
          <ActionForm action={deleteItemAction.bind(null, slug, type, id)} className="mt-2">
            <input type="hidden" name="version" value={row.version} />
            <SubmitButton variant="danger" pendingLabel="Deleting…">{`Delete ${spec.singular}`}</SubmitButton>
          </ActionForm>
        </Card>
      ) : null}
    </div>
  );
}
