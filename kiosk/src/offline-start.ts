/**
 * The kiosk's service worker (kiosk/sw.ts): registered on every start, so that a kiosk reloaded
 * while the hub is down starts from its cache instead of a browser error page.
 */
const WORKER_URL = '/kiosk-sw.js';
const SCOPE = '/kiosk';

/**
 * Registers the worker. `onNewBuild` runs when a new build's worker has taken over this running
 * page (after a hub upgrade): the page's own scripts are then the old build's, whose lazy chunks
 * (the QR scanner) are no longer cached, so the kiosk should reload as soon as no shopper is at it.
 */
export function startOfflineSupport(onNewBuild: () => void): void {
  if (!('serviceWorker' in navigator)) return;
  // The first install also changes the controller (from none); only a replacement is a new build.
  let controlled = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (controlled) onNewBuild();
    controlled = true;
  });
  navigator.serviceWorker.register(WORKER_URL, { scope: SCOPE, type: 'module' }).catch(() => undefined);
}

/**
 * Asks the hub for its worker again. Chromium does so on each page load, but a kiosk runs for weeks
 * without one; a hub upgrade restarts the hub, so every reconnect is the moment to look.
 */
export async function checkForNewBuild(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const registration = await navigator.serviceWorker.getRegistration(SCOPE).catch(() => undefined);
  await registration?.update().catch(() => undefined);
}
