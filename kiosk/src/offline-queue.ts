import { openDB, type IDBPDatabase } from 'idb';

/**
 * Check-ins taken while the hub is out of reach, kept in IndexedDB so a reload or a power cut of
 * the kiosk PC does not lose them. Each keeps the visit id and time it was made with, so the hub
 * records it once however often it is replayed.
 *
 * No raw card value is ever written here (rule 1): a pass check-in holds the pass id (which is
 * what the shopper's QR shows anyway), and a card tap holds only the card sealed to the hub's
 * public key (RSA-OAEP): ciphertext that neither this kiosk nor anyone holding its disk can open.
 */
export type QueuedCheckIn = { visitId: string; at: string } & ({ kind: 'pass'; passId: string } | { kind: 'card'; sealed: string });

const STORE = 'checkins';
let db: Promise<IDBPDatabase> | null = null;

function open(): Promise<IDBPDatabase> {
  db ??= openDB('atrium-kiosk', 1, {
    upgrade(d) {
      d.createObjectStore(STORE, { keyPath: 'visitId' });
    },
  });
  return db;
}

export const offlineQueue = {
  async add(item: QueuedCheckIn): Promise<void> {
    await (await open()).put(STORE, item);
  },
  async all(): Promise<QueuedCheckIn[]> {
    const items = (await (await open()).getAll(STORE)) as QueuedCheckIn[];
    return items.sort((a, b) => a.at.localeCompare(b.at));
  },
  async remove(visitId: string): Promise<void> {
    await (await open()).delete(STORE, visitId);
  },
  async count(): Promise<number> {
    return (await open()).count(STORE);
  },
};

/** Sealing lives in shared/ so the reader bridge seals exactly as this queue does. */
export { sealCard } from '#shared/card-seal.ts';
