/** Set by the root vite.config.ts for every browser entry: one id per `vite build`. */
declare const __ATRIUM_BUILD__: string | undefined;

/**
 * The build this code came from (the same id the hub reads from dist/build.json), or 'dev' where
 * nothing was built (the hub run from sources, unit tests without Vite). Devices report it, and a
 * screen whose build is not the hub's reloads itself once.
 */
export const APP_BUILD: string = typeof __ATRIUM_BUILD__ === 'string' ? __ATRIUM_BUILD__ : 'dev';

/** Whether a device on `device` runs another build than the hub's `hub` one; 'dev' on either side never is. */
export const isOutdated = (device: string | null | undefined, hub: string): boolean => !!device && device !== 'dev' && hub !== 'dev' && device !== hub;
