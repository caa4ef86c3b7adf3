import * as z from "zod";
import { exportBundleSchema } from "@/modules/content/bundle";

/** The JSON Schema of the export format, generated from the same zod schema the import uses. */
export function GET() {
  const schema = z.toJSONSchema(exportBundleSchema, { io: "input", unrepresentable: "any" });
  return Response.json(
    { ...schema, $id: "/schemas/candor-export-v1.json", title: "Candor export, format candor.export.v1" },
    { headers: { "Cache-Control": "public, max-age=3600", "Access-Control-Allow-Origin": "*" } },
  );
}
