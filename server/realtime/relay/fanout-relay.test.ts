/**
 * The fan-out's link to the writer when the writer refuses it: a writer restarted on the same
 * address listens before it has announced its new relay key in Redis, so a fan-out reconnecting in
 * that moment offers the old key and is refused by the relay's middleware. Socket.io's client does
 * not retry such a refusal by itself; the fan-out must, reading the key again, or it stays cut off
 * from the writer for good (every event "try again", new sockets refused). Real redis-server, a
 * real hub as the writer and a real fan-out process's code, in this process, on loopback.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, redisNames, type RedisLink } from '#server/cluster/redis.ts';
import { loadConfig } from '#server/config.ts';
import { startFanout, type Fanout } from '#server/fanout.ts';
import { createLogger } from '#server/logger.ts';
import { freePort, healthy, installed, redisChild, untilListening, until, type Child } from '#server/testing/cluster.ts';
import { startTestHub, type TestHub } from '#server/testing/test-hub.ts';

const MALL = 'relay-test';

describe('a fan-out refused by the writer', () => {
  let redis: Child;
  let redisUrl: string;
  let writer: TestHub;
  let fanout: Fanout | undefined;
  let link: RedisLink;

  beforeAll(async () => {
    if (!installed('redis-server')) throw new Error('redis-server missing: apt-get install -y redis-server (.ci/run does)');
    const port = await freePort();
    redisUrl = `redis://127.0.0.1:${port}`;
    redis = redisChild(port);
    redis.start();
    await untilListening('redis-server', port);
    writer = await startTestHub({ redisUrl, mall: MALL });
    link = connectRedis(redisUrl, MALL, createLogger('silent'));
    await until('the writer’s announcement', async () => (await link.client.get(redisNames(MALL).writer)) !== null, 10_000);
  }, 30_000);

  afterAll(async () => {
    await fanout?.close();
    await writer?.stop();
    await link?.close();
    await redis?.stop('SIGKILL');
  });

  it('tries again with the key announced since, and links', async () => {
    const names = redisNames(MALL);
    const announced = JSON.parse((await link.client.get(names.writer))!) as { url: string; key: string; pid: number };
    // What a restarted writer's Redis holds until it announces: its predecessor's key.
    await link.client.set(names.writer, JSON.stringify({ ...announced, key: randomBytes(32).toString('base64url') }));
    const config = loadConfig({}, { host: '127.0.0.1', port: 0, dataRoot: '/nonexistent', logLevel: 'silent', redisUrl, role: 'fanout', mall: MALL });
    fanout = await startFanout(config, createLogger('silent'));
    // Refused: the link is down and the fan-out says so to the load balancer.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await healthy(fanout.url)).toBe(false);

    // The writer announces itself (as it does a moment after it listens).
    await link.client.set(names.writer, JSON.stringify(announced));
    await until('the fan-out linked to the writer', () => healthy(fanout!.url), 10_000);
  }, 30_000);
});
