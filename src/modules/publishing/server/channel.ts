/**
 * The Postgres NOTIFY channel on which publishing announces a new publication (payload: the
 * organisation's slug). Its own file so the read side (public.ts) and the edge can listen
 * without importing the write side.
 */
export const PUBLICATION_CHANNEL = "candor_publication";

/**
 * The job a publication leaves for the worker: tell its subscribers (issue 13). Its payload is
 * { orgId, publicationId }; the queue is made by migration 20261203010000_notification_delivery.
 */
export const PUBLICATION_FANOUT_QUEUE = "subscribers.fanout";
