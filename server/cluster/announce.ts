import { z } from 'zod';
import type { RedisLink } from './redis.ts';
import { redisNames } from './redis.ts';

/** What the writer tells fan-out processes through Redis: where it listens, and the key its relay asks for. */
export const WriterAnnouncement = z.strictObject({ url: z.url(), key: z.string().min(32), pid: z.number().int() });
export type WriterAnnouncement = z.infer<typeof WriterAnnouncement>;

/**
 * The writer says where it is, each time its Redis connection is (re)made, so a Redis that lost
 * its data learns it again. Fan-out processes need nothing but the Redis URL to find it. Anyone
 * who can read this key can also publish to every screen through the stream: Redis is as trusted
 * as the hub's own processes (docs/cluster.md).
 */
export function announceWriter(redis: RedisLink, mall: string, announcement: WriterAnnouncement): void {
  const say = () => void redis.client.set(redisNames(mall).writer, JSON.stringify(announcement)).catch(() => undefined);
  redis.onReady(say);
  if (redis.up()) say();
}

/** The writer's announcement, or null when Redis has none (yet) or cannot be reached. */
export async function readAnnouncement(redis: RedisLink, mall: string): Promise<WriterAnnouncement | null> {
  try {
    const raw = await redis.client.get(redisNames(mall).writer);
    if (!raw) return null;
    const parsed = WriterAnnouncement.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
