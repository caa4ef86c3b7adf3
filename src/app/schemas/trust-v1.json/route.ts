import * as z from "zod";
import { publicationDocumentSchema } from "@/modules/publishing/view";

/** The JSON Schema of a publication document (trust.json's `publication`), from the zod schema that checks it. */
export function GET() {
  const schema = z.toJSONSchema(publicationDocumentSchema, { io: "output", unrepresentable: "any" });
  return Response.json(
    { ...schema, $id: "/schemas/trust-v1.json", title: "Candor publication, format candor.publication.v1" },
    { headers: { "Cache-Control": "public, max-age=3600", "Access-Control-Allow-Origin": "*" } },
  );
}
