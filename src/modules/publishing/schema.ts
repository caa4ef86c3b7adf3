import * as z from "zod";

/** Inputs of publication requests (ADR 022): one schema each, for the forms and the actions. */
export const MAX_REQUEST_TEXT = 1000;

const text = (what: string) =>
  z
    .string()
    .trim()
    .max(MAX_REQUEST_TEXT, `Keep the ${what} under ${MAX_REQUEST_TEXT.toLocaleString("en")} characters.`)
    .refine((value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value), `The ${what} cannot contain control characters.`);

const requestId = z.uuid({ error: "No such request." });

export const requestPublicationSchema = z.object({ note: text("note").default("") });
export const decideRequestSchema = z.object({ requestId });
export const rejectRequestSchema = z.object({ requestId, reason: text("reason").pipe(z.string().min(1, "Say why, so the requester knows what to change.")) });

export type RequestPublicationInput = z.input<typeof requestPublicationSchema>;

/** A publication request's states (the database enum), for the REST API's filter and answers. */
export const PUBLICATION_REQUEST_STATUSES = ["PENDING", "APPROVED", "REJECTED", "WITHDRAWN", "SUPERSEDED"] as const;
export type PublicationRequestStatus = (typeof PUBLICATION_REQUEST_STATUSES)[number];
