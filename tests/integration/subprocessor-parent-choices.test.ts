import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { ContentForm } from "@/components/content/content-form";
import { createItem, getItem, toInput, updateItem } from "@/modules/content/server/crud";
import { parentChoices } from "@/modules/content/server/subprocessor-parent";
import { addMember, contextFor, createOrg } from "../support/factories";

/** The subprocessor form picks its parent from the organisation's subprocessors (issue 15), not a typed name. */
const SUB = { purpose: "Email delivery", location: "EU", status: "ACTIVE", visibility: "PUBLIC" };

describe("the subprocessor form's parent select", () => {
  it("offers this organisation's subprocessors by vendor, less the item itself and those behind it", async () => {
    const { ctx, org } = await createOrg(undefined, "Parents");
    const router = await createItem({ ctx, kind: "subprocessors", input: { ...SUB, vendor: "Router" } });
    const provider = await createItem({ ctx, kind: "subprocessors", input: { ...SUB, vendor: "Provider", parent: "Router" } });
    await createItem({ ctx, kind: "subprocessors", input: { ...SUB, vendor: "Carrier", parent: "Provider" } });
    await createItem({ ctx, kind: "subprocessors", input: { ...SUB, vendor: "<b>Bold</b> Ltd" } });
    const other = await createOrg(undefined, "Elsewhere");
    await createItem({ ctx: other.ctx, kind: "subprocessors", input: { ...SUB, vendor: "Their Router" } });

    const names = async (selfId?: string) => (await parentChoices({ ctx, selfId })).map((c) => c.value);
    expect(await names()).toEqual(["<b>Bold</b> Ltd", "Carrier", "Provider", "Router"]);
    expect(await names(router.id)).toEqual(["<b>Bold</b> Ltd"]);
    expect(await names(provider.id)).toEqual(["<b>Bold</b> Ltd", "Router"]);
    // A viewer reads the same form (disabled), with the same choices.
    const viewer = await addMember(org.id, "VIEWER");
    expect((await parentChoices({ ctx: contextFor(viewer, org, "VIEWER"), selfId: provider.id })).map((c) => c.value)).toEqual(["<b>Bold</b> Ltd", "Router"]);

    // A value that is not one of the choices (a tampered form) is refused by the writer.
    await expect(updateItem({ ctx, kind: "subprocessors", id: provider.id, input: { ...SUB, vendor: "Provider", parent: "Their Router", version: 1 } })).rejects.toMatchObject({
      code: "validation",
      details: { fieldErrors: { parent: ["Parent: no subprocessor named “Their Router” in this organisation."] } },
    });
  });

  it("renders as a native select with the current parent chosen and a None option, escaping vendor names", async () => {
    const { ctx } = await createOrg(undefined, "Rendered");
    await createItem({ ctx, kind: "subprocessors", input: { ...SUB, vendor: "Router" } });
    await createItem({ ctx, kind: "subprocessors", input: { ...SUB, vendor: "<b>Bold</b> Ltd" } });
    const provider = await createItem({ ctx, kind: "subprocessors", input: { ...SUB, vendor: "Provider", parent: "Router" } });
    const item = await getItem({ ctx, kind: "subprocessors", id: provider.id });
    const html = renderToStaticMarkup(
      createElement(ContentForm, { kind: "subprocessors", action: async () => ({ status: "idle" as const }), values: toInput("subprocessors", item), version: item.version, canEdit: true, choices: { parent: await parentChoices({ ctx, selfId: item.id }) } }),
    );
    const select = html.match(/<select id="parent"[^>]*>.*?<\/select>/)?.[0];
    expect(select).toBe(
      '<select id="parent" name="parent" class="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-900"><option value="">None: it is not behind another subprocessor</option><option value="&lt;b&gt;Bold&lt;/b&gt; Ltd">&lt;b&gt;Bold&lt;/b&gt; Ltd</option><option value="Router" selected="">Router</option></select>',
    );
  });
});
