import { defaultSchema } from "rehype-sanitize";

/**
 * The one sanitization schema for Markdown written by tenants, used by the dashboard's React
 * renderer and the public page's string renderer alike: GitHub's schema, links only http, https
 * and mailto, images only http(s). Raw HTML is never parsed in the first place.
 */
export const SANITIZE_SCHEMA = {
  ...defaultSchema,
  protocols: { ...defaultSchema.protocols, href: ["http", "https", "mailto"], src: ["http", "https"] },
};
