import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Services } from '../services.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Whether a scrape may read /metrics: with `metricsToken` set, only with `Authorization: Bearer
 * <token>`; without one, only from this machine — a peer on loopback that came through no proxy
 * (a proxy on the same machine would make every outside caller look local, so a forwarded
 * request needs the token).
 */
export function mayScrape(req: Request, token: string | undefined): boolean {
  if (token) {
    const given = Buffer.from(req.get('authorization')?.replace(/^Bearer /i, '') ?? '');
    const wanted = Buffer.from(token);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }
  const forwarded = req.get('x-forwarded-for') !== undefined || req.get('forwarded') !== undefined;
  return !forwarded && LOOPBACK.has(req.socket.remoteAddress ?? '');
}

/** GET /metrics: the Prometheus text format, for a scraper allowed by `mayScrape`; 403 otherwise. */
export function metricsHandler(services: Services): RequestHandler {
  return async (req, res, next) => {
    try {
      if (!mayScrape(req, services.config.metricsToken)) {
        res.status(403).json({ error: services.config.metricsToken ? 'give the metrics token as a Bearer token' : 'metrics are served to this machine only; set ATRIUM_METRICS_TOKEN to scrape from elsewhere' });
        return;
      }
      const { contentType, text } = await services.metrics.render();
      res.setHeader('Cache-Control', 'no-store');
      res.type(contentType).send(text);
    } catch (e) {
      next(e);
    }
  };
}
