import type * as z from "zod";
import type { controlSchemaOut, controlSummarySchema } from "./schemas";

/** Domain rows → the API's resource shapes (dates as ISO-8601). Parsed again by the schema on the way out. */
const iso = (date: Date | null) => (date ? date.toISOString() : null);

type SummaryRow = {
  id: string; ref: string; title: string; status: string; visibility: string; areaId: string; area: string; ownerEmail: string | null;
  reviewCadenceDays: number; lastReviewedAt: Date | null; createdAt: Date; version: number; evidenceCount: number;
};

export function controlSummaryOf(row: SummaryRow): z.input<typeof controlSummarySchema> {
  return {
    id: row.id, ref: row.ref, title: row.title, status: row.status as never, visibility: row.visibility as never, area: { id: row.areaId, name: row.area },
    ownerEmail: row.ownerEmail, reviewCadenceDays: row.reviewCadenceDays, lastReviewedAt: iso(row.lastReviewedAt), createdAt: iso(row.createdAt)!, version: row.version, evidenceCount: row.evidenceCount,
  };
}

type FullRow = Omit<SummaryRow, "area" | "ownerEmail" | "evidenceCount"> & {
  description: string;
  area: { name: string };
  owner: { email: string } | null;
  evidence: { id: string; label: string; kind: string; target: string; visibility: string; position: number }[];
};

export function controlOf(row: FullRow): z.input<typeof controlSchemaOut> {
  return {
    id: row.id, ref: row.ref, title: row.title, status: row.status as never, visibility: row.visibility as never, area: { id: row.areaId, name: row.area.name },
    ownerEmail: row.owner?.email ?? null, reviewCadenceDays: row.reviewCadenceDays, lastReviewedAt: iso(row.lastReviewedAt), createdAt: iso(row.createdAt)!, version: row.version,
    description: row.description,
    evidence: row.evidence.map((e) => ({ id: e.id, label: e.label, kind: e.kind as never, target: e.target, visibility: e.visibility as never, position: e.position })),
  };
}
