/**
 * The kiosk's offline queue as the page holds it (IndexedDB `atrium-kiosk`, store `checkins`),
 * read and refilled from a test through `page.evaluate`. Both run inside the page.
 */
export type Queued = { visitId: string; at: string; kind: string };

/** What the kiosk holds in its IndexedDB queue right now. */
export const readQueue = () =>
  new Promise<Queued[]>((resolve, reject) => {
    const r = indexedDB.open('atrium-kiosk');
    r.onerror = () => reject(r.error);
    r.onsuccess = () => {
      const all = r.result.transaction('checkins').objectStore('checkins').getAll();
      all.onsuccess = () => {
        r.result.close();
        resolve(all.result as Queued[]);
      };
    };
  });

/** Puts items back in the queue, as if their acks had been lost and the kiosk must send them again. */
export const putBack = (items: unknown[]) =>
  new Promise<void>((resolve, reject) => {
    const r = indexedDB.open('atrium-kiosk');
    r.onerror = () => reject(r.error);
    r.onsuccess = () => {
      const tx = r.result.transaction('checkins', 'readwrite');
      for (const item of items) tx.objectStore('checkins').put(item);
      tx.oncomplete = () => {
        r.result.close();
        resolve();
      };
    };
  });
