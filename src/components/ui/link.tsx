import NextLink from "next/link";
import type { ComponentProps } from "react";

/**
 * next/link that does not prefetch. Every dashboard page is rendered for its person on request, so
 * a prefetch is a render nobody may look at: Chromium on the control list asked for two prefetches
 * (the route's tree, then its metadata) of every link in view, 64 in a walk of six pages, each
 * 4–6 ms of the server's CPU (bench:dashboard, 2026-12-02), about ten times the page itself. A click
 * still navigates on the client (ADR 045). `npm run lint` refuses next/link anywhere else.
 */
export function Link(props: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={false} {...props} />;
}
