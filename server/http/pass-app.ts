import express, { type Express } from 'express';
import { resolve } from 'node:path';
import { PassId } from '#shared/schemas/common.ts';
import type { Services } from '../services.ts';

/** Where the pass page's home-screen icons live (served as they are; made once with ffmpeg). */
const ICONS = resolve('server/pass/icons');

/**
 * The pass page as an app on the shopper's home screen ("add to home screen"): a web app
 * manifest per pass, whose start URL is that pass, so the icon opens the shopper's own pass; and
 * its icons. The manifest names the mall, nothing about the shopper. A malformed id is 404.
 */
export function mountPassApp(app: Express, services: Services): void {
  app.use('/pass-icons', express.static(ICONS, { maxAge: '1d', index: false }));
  app.get('/pass/:passId/manifest.webmanifest', (req, res) => {
    const id = PassId.safeParse(req.params.passId);
    if (!id.success) {
      res.status(404).json({ error: 'no such pass', field: 'passId' });
      return;
    }
    const mall = services.mall.record.name;
    res.type('application/manifest+json').setHeader('Cache-Control', 'no-cache');
    res.send(
      JSON.stringify({
        name: `${mall} pass`,
        short_name: 'Mall pass',
        start_url: `/pass/${id.data}`,
        scope: `/pass/${id.data}`,
        display: 'standalone',
        background_color: '#faf7f2',
        theme_color: '#0b5cad',
        icons: [
          { src: '/pass-icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/pass-icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        ],
      }),
    );
  });
}
