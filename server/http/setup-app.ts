import express, { type Express } from 'express';
import { resolve } from 'node:path';
import { SetupBody, type SetupStatus } from '#shared/schemas/setup.ts';
import type { MallSetup } from '#server/domain/mall/setup.ts';
import type { Logger } from '../logger.ts';
import { PAGES } from './app.ts';
import { HttpProblem } from './errors.ts';
import { noStore, refuseForeignOrigins } from './guards.ts';
import { errorHandler } from './mount.ts';
import { securityHeaders, serveBrowserApps } from './pages.ts';
import { firstIssue } from './validation.ts';

const NO_MALL = 'this hub has no mall yet: finish the set-up in the panel';

/**
 * What a hub with no mall serves: the panel (which shows the set-up form), GET/POST /api/setup,
 * and a 503 naming the reason for every other address, so devices and load balancers see a hub
 * that is not ready rather than one that is broken. `onDone` brings the full hub up; the POST
 * answers once it is.
 */
export function createSetupApp(setup: MallSetup, config: { distDir: string; publicUrl?: string | undefined }, logger: Logger, onDone: () => Promise<void>): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(securityHeaders());
  // Rule 9 holds before the mall exists too: the set-up form posts only from the hub's own page.
  app.use(refuseForeignOrigins(() => config.publicUrl));
  app.use('/api', noStore);
  app.use('/api', express.json({ limit: '32kb', strict: true }));
  app.get('/api/setup', (_req, res) => {
    res.json({ needed: setup.needed } satisfies SetupStatus);
  });
  app.post('/api/setup', async (req, res, next) => {
    try {
      const parsed = SetupBody.safeParse(req.body ?? undefined);
      if (!parsed.success) {
        const { message, field } = firstIssue(parsed.error);
        throw new HttpProblem(400, req.body === undefined ? 'expected a JSON body' : message, field);
      }
      await setup.complete(parsed.data, req.ip);
      logger.info({ mall: parsed.data.mall.name, operator: parsed.data.operator.username }, 'mall set up');
      await onDone();
      res.json({ needed: false } satisfies SetupStatus);
    } catch (e) {
      next(e);
    }
  });
  app.use('/api', (_req, res) => {
    res.status(503).json({ error: NO_MALL });
  });
  const dist = resolve(config.distDir);
  serveBrowserApps(app, dist, { '/panel': PAGES['/panel'] });
  for (const path of Object.keys(PAGES).filter((p) => p !== '/panel')) {
    app.get(path, (_req, res) => {
      res.status(503).type('text').send(`This hub has no mall yet. Set it up in the panel (/panel), then reload.`);
    });
  }
  app.get('/', (_req, res) => res.redirect('/panel'));
  app.use(errorHandler(logger));
  return app;
}
