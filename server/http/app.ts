import { BRAND_PATH } from '#server/domain/mall/wire.ts';
import express, { type Express } from 'express';
import { join, resolve } from 'node:path';
import { mallDir } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Services } from '../services.ts';
import { backupRouter } from './backup.ts';
import { metricsHandler } from './metrics.ts';
import { errorHandler, mountRoutes } from './mount.ts';
import { noStore, refuseForeignOrigins } from './guards.ts';
import { mountPassApp } from './pass-app.ts';
import { routes } from './routes/index.ts';
import { PAGES, securityHeaders, serveBrowserApps } from './pages.ts';

// Browser apps by URL (kept in pages.ts, which a fan-out process serves without the API).
export { PAGES } from './pages.ts';

export function createHttpApp(services: Services, logger: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders(() => services.screenGroups.framedOrigins()));
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The route pattern, not the URL: a pass page URL carries the pass id, which is a secret.
      const route = req.route?.path ?? 'static';
      logger.debug({ method: req.method, route, status: res.statusCode, ms }, 'http');
      services.metrics.httpRequest(req.method, route, res.statusCode, ms / 1000);
    });
    next();
  });
  app.get('/metrics', metricsHandler(services));
  // Token-checked, loopback only, no cookie: before the same-origin check (see backup.ts).
  app.use(backupRouter(services));
  app.use(refuseForeignOrigins(() => services.config.publicUrl));
  app.use('/api', noStore);
  app.use('/api', express.json({ limit: '32kb', strict: true }));
  mountRoutes(app, routes, services);
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'no such API route' });
  });

  const dist = resolve(services.config.distDir);
  // Promotion images: the mall's own, then the demo set. Screens cache them for offline play.
  // Offer emails show them too, so a mail app (another origin) may load them: they are public
  // promotional pictures, not the same-origin data helmet's default keeps to the hub's pages.
  const crossOrigin: express.RequestHandler = (_req, res, next) => {
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    next();
  };
  app.use('/media', crossOrigin);
  for (const dir of [join(mallDir(services.config), 'media'), resolve('server/demo/media')]) {
    app.use('/media', express.static(dir, { maxAge: '1h', index: false, fallthrough: true }));
  }
  // The mall's logo: public, as the pass page and emails show it; its name changes with its content.
  app.use(BRAND_PATH, crossOrigin, express.static(join(mallDir(services.config), 'brand'), { maxAge: '1d', index: false, fallthrough: false, dotfiles: 'ignore' }));
  // The screen's and the kiosk's service workers, at the root so their scopes cover /screen and
  // /kiosk: a reload with the hub down still plays (screen) or still takes check-ins (kiosk).
  // no-cache, so a new build's worker is seen on the next load.
  for (const worker of ['screen-sw.js', 'kiosk-sw.js']) {
    app.get(`/${worker}`, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(dist, worker), (err) => err && !res.headersSent && res.status(404).end());
    });
  }
  mountPassApp(app, services);
  serveBrowserApps(app, dist, PAGES);
  app.get('/', (_req, res) => res.redirect('/panel'));
  app.use(errorHandler(logger));
  return app;
}
