import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { kioskServiceWorker } from './kiosk/sw-precache.ts';

const root = import.meta.dirname;
/** Service workers need a fixed name at the root (their scope is below it), not a hashed asset. */
const WORKERS = new Set(['screen-sw', 'kiosk-sw']);

/** Every browser entry of Atrium, built together into dist/ and served by the hub. */
export default defineConfig({
  root,
  plugins: [svelte(), kioskServiceWorker()],
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
