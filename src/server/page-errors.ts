import "server-only";

import { forbidden, notFound } from "next/navigation";
import { AppError } from "./errors";

/**
 * The page boundary's error mapper, for a page that loads a row named by its URL. The row is
 * missing or not the viewer's (not_found) → the 404 page; the viewer may see it but not this
 * (forbidden) → the 403 page. An id that cannot be an id (a ZodError from parsing the URL's
 * segment) names nothing either → 404, never a 500. Anything else (a conflict, the database
 * down) is rethrown to the error boundary: hiding it as a 404 would lie about the cause.
 */
export async function orNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    if (error instanceof AppError && error.code === "forbidden") forbidden();
    if (error instanceof Error && error.name === "ZodError") notFound();
    throw error;
  }
}
