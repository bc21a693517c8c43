import express from 'express';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { HubConfig } from './config.ts';
import { readAnnouncement } from './cluster/announce.ts';
import { connectRedis } from './cluster/redis.ts';
import { PAGES, securityHeaders, serveBrowserApps } from './http/pages.ts';
import type { Logger } from './logger.ts';
import { attachFanoutRealtime, type FanoutIo } from './realtime/relay/fanout-relay.ts';

export interface Fanout {
  url: string;
  port: number;
  io: FanoutIo;
  close(): Promise<void>;
}

/** How often a fan-out that starts before its writer looks for the writer's announcement. */
const FIND_WRITER_EVERY_MS = 500;

/**
 * A fan-out hub process (ATRIUM_ROLE=fanout, docs/cluster.md): holds sockets, serves the browser
 * apps, and keeps no data. It finds the writer through the announcement in Redis (or
 * ATRIUM_WRITER_URL), waiting for it if the writer is not up yet, then listens.
 *
 * `GET /api/health` says whether this process can take new sockets (200: linked to the writer
 * and to Redis; 503 otherwise): the load balancer's check, so new connections go elsewhere while
 * one of the two is missing, and screens already here stay.
 */
export async function startFanout(config: HubConfig, logger: Logger): Promise<Fanout> {
  if (!config.redisUrl) throw new Error('a fan-out process needs ATRIUM_REDIS_URL');
  const redis = connectRedis(config.redisUrl, config.mall, logger);
  let announced = await readAnnouncement(redis, config.mall);
  for (let waited = 0; !announced; waited += FIND_WRITER_EVERY_MS) {
    if (waited % 5000 === 0) logger.info({ mall: config.mall }, 'waiting for the writer to announce itself in Redis');
    await new Promise((r) => setTimeout(r, FIND_WRITER_EVERY_MS));
    announced = await readAnnouncement(redis, config.mall);
  }
  let key = announced.key;
  const writerUrl = config.writerUrl ?? announced.url;
  // The key is read again at each (re)connection of the link: a restarted writer has a new one.
  const relayKey = async () => {
    const now = await readAnnouncement(redis, config.mall);
    if (now) key = now.key;
    return key;
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders());
  const dist = resolve(config.distDir);
  let realtime: ReturnType<typeof attachFanoutRealtime> | null = null;
  app.get('/api/health', (_req, res) => {
    const writer = realtime?.linked() ?? false;
    const up = redis.up();
    res.status(writer && up ? 200 : 503).json({ ok: writer && up, role: 'fanout', writer, redis: up, sockets: realtime?.io.engine.clientsCount ?? 0 });
  });
  for (const worker of ['screen-sw.js', 'kiosk-sw.js']) {
    app.get(`/${worker}`, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(dist, worker), (err) => err && !res.headersSent && res.status(404).end());
    });
  }
  serveBrowserApps(app, dist, PAGES);
  app.use((_req, res) => res.status(404).json({ error: 'this is a fan-out process: the load balancer sends this path to the writer' }));

  const server: Server =
    config.tlsCert && config.tlsKey ? createHttpsServer({ cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) }, app) : createHttpServer(app);
  realtime = attachFanoutRealtime(server, { writerUrl, relayKey, adapter: redis.adapter, logger });
  redis.onBack(() => void realtime?.resync());

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(config.port, config.host, ok);
  });
  const { port } = server.address() as AddressInfo;
  const url = `${config.tlsCert ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  const running = realtime;
  return {
    url,
    port,
    io: running.io,
    close: async () => {
      await running.close();
      await redis.close();
    },
  };
}
