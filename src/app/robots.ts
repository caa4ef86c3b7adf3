import type { MetadataRoute } from "next";

/**
 * Published trust centers are meant to be found; the signed-in areas and endpoints are not.
 * (Tenant hosts get the same rules when custom domains arrive.)
 */
export default function robots(): MetadataRoute.Robots {
  return {
    rules: [{ userAgent: "*", allow: ["/t/", "/schemas/", "/verify-candor.mjs"], disallow: ["/dashboard", "/api/", "/auth/", "/login", "/invite", "/dev/"] }],
  };
}
