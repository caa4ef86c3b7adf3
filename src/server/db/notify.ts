import "server-only";

import pg from "pg";
import { env } from "../env";
import { log } from "../log";
import { appDatabaseUrl } from "./urls";

/**
 * Postgres LISTEN/NOTIFY for in-memory caches that several app instances hold (which
 * publication is live, which organisation a host name serves): a change made by any instance
 * reaches every other within a round trip. One connection per process serves every channel.
 *
 * When the connection is lost, each subscriber's `reset` runs (it must forget everything it
 * cached, since notifications may have been missed) and the next subscribe() reconnects.
 */
type Subscriber = { onMessage: (payload: string) => void; reset: () => void };

const state = globalThis as unknown as {
  candorNotify?: { subscribers: Map<string, Subscriber>; connecting: Promise<void> | null; client: pg.Client | null; retryAt: number; queue: Promise<void> };
};
const notify = (state.candorNotify ??= { subscribers: new Map(), connecting: null, client: null, retryAt: 0, queue: Promise.resolve() });

/** Subscribes once per channel (later calls are no-ops) and makes sure the connection is up. */
export function subscribe(channel: string, subscriber: Subscriber) {
  if (!/^[a-z_]+$/.test(channel)) throw new Error(`bad channel name: ${channel}`);
  if (!notify.subscribers.has(channel)) {
    notify.subscribers.set(channel, subscriber);
    if (notify.client) listenLater(notify.client, channel);
  }
  connect();
}

/** One query at a time on a pg client: LISTEN queued behind whatever it is doing. */
function listenLater(client: pg.Client, channel: string) {
  notify.queue = notify.queue.then(() => client.query(`LISTEN ${channel}`)).then(
    () => undefined,
    () => undefined,
  );
}

function connect() {
  if (notify.client || notify.connecting || Date.now() < notify.retryAt) return;
  notify.connecting = (async () => {
    const client = new pg.Client({ connectionString: appDatabaseUrl(env()), connectionTimeoutMillis: 5_000 });
    client.on("notification", (message) => {
      if (message.payload) notify.subscribers.get(message.channel)?.onMessage(message.payload);
    });
    client.on("error", (error) => {
      log.warn({ err: error }, "cache notifications lost; caches cleared until the listener reconnects");
      notify.client = null;
      for (const subscriber of notify.subscribers.values()) subscriber.reset();
    });
    await client.connect();
    const listened = new Set<string>();
    for (const channel of notify.subscribers.keys()) {
      await client.query(`LISTEN ${channel}`);
      listened.add(channel);
    }
    notify.client = client;
    // Any channel subscribed during the last await, after the loop had passed it.
    for (const channel of notify.subscribers.keys()) {
      if (!listened.has(channel)) listenLater(client, channel);
    }
  })()
    .catch((error: unknown) => {
      log.warn({ err: error }, "cache notifications could not start; relying on cache lifetimes");
      notify.retryAt = Date.now() + 10_000;
    })
    .finally(() => (notify.connecting = null));
}
