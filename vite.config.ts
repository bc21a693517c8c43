import { svelte } from '@sveltejs/vite-plugin-svelte';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { kioskServiceWorker } from './kiosk/sw-precache.ts';

const root = import.meta.dirname;
/**
 * One id per build, baked into every browser entry (shared/build.ts) and written to
 * dist/build.json for the hub: a screen on another build than the hub's reloads itself, and the
 * panel shows devices still on an old one. Time first, so ids sort by age.
 */
const BUILD = process.env.ATRIUM_BUILD ?? `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;

/** Writes dist/build.json once the bundle is written. */
const buildInfo = () => ({
  name: 'atrium-build-info',
  apply: 'build' as const,
  writeBundle(options: { dir?: string }) {
    const dir = options.dir ?? resolve(root, 'dist');
    mkdirSync(dir, { recursive: true });
    writeFileSync(resolve(dir, 'build.json'), JSON.stringify({ build: BUILD }) + '\n');
  },
});
/** Service workers need a fixed name at the root (their scope is below it), not a hashed asset. */
const WORKERS = new Set(['screen-sw', 'kiosk-sw']);

/** Every browser entry of Atrium, built together into dist/ and served by the hub. */
export default defineConfig({
  root,
  plugins: [svelte(), kioskServiceWorker(), buildInfo()],
  define: { __ATRIUM_BUILD__: JSON.stringify(BUILD) },
  // The pages' zod runs without its `new Function` probe (shared/client/zod-browser.ts); tests
  // (Vitest reads this file too) and the hub use zod as it is.
  resolve: process.env.VITEST ? {} : { alias: [{ find: /^zod$/, replacement: resolve(root, 'shared/client/zod-browser.ts') }] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    /** dist/.vite/manifest.json: bench/bundle-size.ts follows each entry's static imports from it. */
    manifest: true,
    rollupOptions: {
      input: {
        kiosk: resolve(root, 'kiosk/index.html'),
        screen: resolve(root, 'signage/index.html'),
        panel: resolve(root, 'server/panel/index.html'),
        pass: resolve(root, 'server/pass/index.html'),
        till: resolve(root, 'server/till/index.html'),
        'screen-sw': resolve(root, 'signage/sw.ts'),
        // Gets the kiosk's file list written in after the build (kiosk/sw-precache.ts).
        'kiosk-sw': resolve(root, 'kiosk/sw.ts'),
      },
      output: {
        entryFileNames: (chunk) => (WORKERS.has(chunk.name) ? '[name].js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/socket.io': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
  test: {
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'kiosk/**/*.test.ts', 'signage/**/*.test.ts', 'bench/**/*.test.ts', 'deploy/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
