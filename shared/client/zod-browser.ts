import * as z from 'zod/v4';

/**
 * `zod` as the browser pages import it (vite.config.ts aliases the bare specifier here).
 * Zod's fast path probes `new Function` the first time an object schema is made or parsed; the
 * hub's CSP (no unsafe-eval) refuses it and Chromium logs a CSP issue on every load (Lighthouse
 * best practices 96). Schemas are made while their chunk loads, before any page's own code runs,
 * so the setting must come with zod itself: this module runs before every module importing `zod`.
 * The plain path checks the same rules. The hub (bundled apart) keeps zod's fast path.
 */
z.config({ jitless: true });

export * from 'zod/v4';
export { z };
export default z;
