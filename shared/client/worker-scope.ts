/**
 * The parts of a service worker's global scope our workers use. The project's tsconfig has no
 * WebWorker lib (it would clash with DOM), so kiosk/sw.ts and signage/sw.ts type `self` with this.
 */
export interface ExtendableEventLike extends Event {
  waitUntil(p: Promise<unknown>): void;
}
export interface FetchEventLike extends ExtendableEventLike {
  request: Request;
  respondWith(r: Promise<Response>): void;
}
export interface WorkerScope {
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEventLike) => void): void;
}
