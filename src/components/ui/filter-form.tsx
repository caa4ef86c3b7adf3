import Form from "next/form";
import type { ComponentProps } from "react";

/**
 * A list's filters: a GET form to the list's own address. With JavaScript, applying it is a client
 * navigation like a link's (the dashboard's shell is not rendered again); without, a plain GET.
 * Never prefetched: each list page is rendered for its person and its query (ADR 045).
 * `npm run lint` refuses next/form anywhere else.
 */
export function FilterForm(props: Omit<ComponentProps<typeof Form>, "prefetch">) {
  return <Form prefetch={false} {...props} />;
}
