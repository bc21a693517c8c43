import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

/** Every browser entry of Atrium, built together into dist/ and served by the hub. */
export default defineConfig({
  root,
  plugins: [svelte()],
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
        // The screen's service worker needs a fixed name at the root, not a hashed asset.
        'screen-sw': resolve(root, 'signage/sw.ts'),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'screen-sw' ? 'screen-sw.js' : 'assets/[name]-[hash].js'),
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
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'kiosk/**/*.test.ts', 'signage/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
