import { z } from 'zod';

/**
 * Zod's fast path probes `new Function` the first time an object is parsed; the hub's CSP (no
 * unsafe-eval) refuses it and Chromium logs a CSP issue on every load (Lighthouse best practices).
 * The plain path checks the same rules. Imported first by a page's main.ts, before any module
 * that parses at load.
 */
z.config({ jitless: true });
