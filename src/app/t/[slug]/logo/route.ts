import { getPublicLogo } from "@/modules/organizations/server/public-page";

/** A tenant's logo. The type was sniffed from the bytes at upload; it is never SVG. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const logo = await getPublicLogo((await params).slug);
  if (!logo) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(logo.bytes), {
    headers: {
      "Content-Type": logo.mimeType,
      "Cache-Control": "public, max-age=300, stale-while-revalidate=86400",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
