import compression from 'compression';
import express, { type Express, type Request, type RequestHandler } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Browser apps by URL: each is one Vite entry built into dist/. */
export const PAGES: Record<string, string> = {
  '/kiosk': 'kiosk/index.html',
  '/screen': 'signage/index.html',
  '/panel': 'server/panel/index.html',
  '/till': 'server/till/index.html',
  // The shopper's pass and the phone half of "continue on your phone"; the app reads the id from the path.
  '/pass/:passId': 'server/pass/index.html',
  '/join/:nonce': 'server/pass/index.html',
};

/** Pages that draw screen layouts (the screen itself, and the panel's preview of it). */
const FRAMING_PAGES = new Set(['/screen', '/panel']);

/**
 * The headers every answer of the hub carries: a strict same-origin CSP, no framing by others.
 * `framedOrigins` lists the web-page widgets' origins (screen layouts): only the screen and panel
 * pages may frame them, and only them.
 */
export function securityHeaders(framedOrigins: () => readonly string[] = () => []): RequestHandler {
  const frames = (req: Request) => (FRAMING_PAGES.has(req.path) ? framedOrigins().join(' ') : '');
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'frame-src': ["'self'", (req) => frames(req as Request)],
        'img-src': ["'self'", 'data:', 'blob:'],
        'media-src': ["'self'", 'blob:'],
        'connect-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'upgrade-insecure-requests': null,
      },
    },
    // Signage may be framed by the panel's preview, from the same origin only.
    frameguard: { action: 'sameorigin' },
  });
}

/**
 * Serves the built browser apps from `dist`: hashed assets cached for a year, each page (URL →
 * file under dist/) revalidated so a new build is seen on the next load, and pass and join pages
 * (their URL is a secret) never stored. A page not built yet is a
 * 503 saying so.
 */
export function serveBrowserApps(app: Express, dist: string, pages: Record<string, string>): void {
  // Scripts, styles and pages gzip to about a third: the panel's first load is ~120 KB instead of
  // ~370 KB on the wire. Only these routes: the API's answers are small and the sockets have their own.
  const gzip = compression();
  app.use('/assets', gzip);
  for (const path of Object.keys(pages)) app.get(path, gzip);
  app.use('/assets', express.static(join(dist, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  for (const [path, file] of Object.entries(pages)) {
    app.get(path, (_req, res) => {
      const page = join(dist, file);
      if (!existsSync(page)) {
        res.status(503).type('text').send('The browser apps are not built yet: run `npm run build`.');
        return;
      }
      // A pass page's URL holds the pass id: keep no copy of it anywhere.
      res.setHeader('Cache-Control', path.startsWith('/pass/') || path.startsWith('/join/') ? 'no-store' : 'no-cache');
      res.sendFile(page);
    });
  }
}
