import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Logger } from '../logger.ts';

export type RedisClient = ReturnType<typeof createClient>;

/** Keys and names one mall uses in a Redis that other malls may share. */
export const redisNames = (mall: string) => ({
  /** The Socket.io stream every hub process of the mall reads: all pushes (room broadcasts, joins, disconnects). */
  stream: `atrium:${mall}:socket.io`,
  /** Pub/sub channels for Socket.io's ephemeral messages (server-side emits, fetchSockets). */
  channelPrefix: `atrium:${mall}:sio`,
  /** Where the writer says how fan-out processes reach it: `{ url, key }` (server/cluster/announce.ts). */
  writer: `atrium:${mall}:writer`,
});

export interface RedisLink {
  client: RedisClient;
  /** The Socket.io adapter factory for `new Server({ adapter })`. */
  adapter: ReturnType<typeof createAdapter>;
  /** Whether the publishing connection is up now. */
  up(): boolean;
  /** Called each time the connection comes back after it was lost (not on the first connect). */
  onBack(fn: () => void): void;
  /** Called each time the connection is first made or comes back. */
  onReady(fn: () => void): void;
  close(): Promise<void>;
}

/**
 * Connects to the mall's Redis and makes the Socket.io adapter over it: the Redis Streams adapter
 * (`@socket.io/redis-streams-adapter`), whose readers resume the stream from their last offset
 * after a lost connection instead of dropping what was published meanwhile, and which keeps
 * Socket.io's connection-state recovery possible (sessions kept in Redis), unlike the pub/sub one.
 *
 * Never waits for Redis: a hub whose Redis is down starts and serves the sockets connected to it
 * directly, and the client reconnects on its own (every 0.1–2 s). The publishing connection has no
 * offline queue, so while Redis is down a push fails at once and still reaches this process's own
 * sockets (the adapter delivers locally after a failed publish) rather than waiting, or piling up
 * in memory for a flood when Redis returns; the pushes that did not go out are made good by a
 * resync when it returns (see onBack). The adapter's own reading connections, made with
 * `duplicate()`, keep the offline queue: a blocked read then waits for Redis instead of failing
 * in a tight loop.
 */
export function connectRedis(url: string, mall: string, logger: Logger): RedisLink {
  const client: RedisClient = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
  });
  const duplicate = client.duplicate.bind(client);
  // The adapter makes its reading connections with duplicate(): those wait for Redis (see above).
  client.duplicate = ((overrides?: Parameters<typeof duplicate>[0]) => duplicate({ ...overrides, disableOfflineQueue: false })) as typeof client.duplicate;

  let lost = false;
  let everReady = false;
  const back: (() => void)[] = [];
  const ready: (() => void)[] = [];
  let lastError = '';
  client.on('error', (e: Error) => {
    // Said once per outage, not once per reconnect attempt.
    if (e.message !== lastError) logger.warn({ err: e.message }, 'Redis connection failed; pushes reach only this process’s own sockets until it is back');
    lastError = e.message;
  });
  client.on('end', () => (lost = true));
  client.on('reconnecting', () => (lost = true));
  client.on('ready', () => {
    lastError = '';
    const wasLost = lost && everReady;
    everReady = true;
    lost = false;
    if (wasLost) logger.info('Redis connection back; pushes reach every hub process again');
    for (const fn of ready) fn();
    if (wasLost) for (const fn of back) fn();
  });
  client.connect().catch((e: unknown) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'Redis not reachable at start; retrying'));

  const names = redisNames(mall);
  const adapter = createAdapter(client, { streamName: names.stream, channelPrefix: names.channelPrefix, onlyPlaintext: true, maxLen: 10_000 });
  return {
    client,
    adapter,
    up: () => client.isReady,
    onBack: (fn) => back.push(fn),
    onReady: (fn) => ready.push(fn),
    close: async () => {
      if (client.isOpen) await client.close().catch(() => undefined);
      else client.destroy();
    },
  };
}
