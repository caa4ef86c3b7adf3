import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./src/server/security-headers";

const nextConfig: NextConfig = {
  // Keep the proxy's URLs as Next's server knows them (http://{bind address}:{port}): by default
  // Next renames 127.0.0.1 "localhost" in them, so a tenant host's rewrite (src/proxy.ts) no longer
  // matched Next's own origin and was proxied over HTTP to this server as an external rewrite,
  // arriving as the app host without the proxy's headers and with the browser's cookies.
  skipProxyUrlNormalize: true,
  poweredByHeader: false,
  // scripts/web.ts compresses what Next answers (the same middleware, at zlib's fastest level:
  // scripts/lib/compress.ts); Next must not compress again.
  compress: false,
  reactStrictMode: true,
  // Native or connection-holding packages stay plain Node requires, not bundled.
  serverExternalPackages: ["@node-rs/argon2", "pg", "pg-boss", "pino", "rate-limiter-flexible", "@prisma/adapter-pg"],
  experimental: {
    serverActions: { bodySizeLimit: "2mb" },
    // The proxy (src/proxy.ts) runs for every path, and Next keeps only the first 10 MB of a
    // request body when a proxy is configured, silently cutting the rest. Document uploads
    // (src/app/dashboard/[slug]/documents/**/route.ts) accept a 25 MiB file
    // (MAX_DOCUMENT_BYTES) plus its form fields: 26 MiB, the same bound the upload routes
    // check against Content-Length before reading (MAX_UPLOAD_BODY_BYTES).
    proxyClientMaxBodySize: "26mb",
    // forbidden(): a member lacking a permission gets a real 403 page (src/app/forbidden.tsx).
    authInterrupts: true,
  },
  async headers() {
    return [{ source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] }];
  },
};

export default nextConfig;
