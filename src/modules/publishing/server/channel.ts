/**
 * The Postgres NOTIFY channel on which publishing announces a new publication (payload: the
 * organisation's slug). Its own file so the read side (public.ts) and the edge can listen
 * without importing the write side.
 */
export const PUBLICATION_CHANNEL = "candor_publication";
