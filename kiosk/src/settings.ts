import { DEFAULT_READER, type CardReaderOptions } from './card-reader.ts';

/**
 * Per-kiosk settings from the kiosk's URL, so a mall sets them in its launch command:
 *   /kiosk?idle=30&prefix=;&suffix=?
 * `idle` is the seconds without a touch before the kiosk wipes itself back to the attract screen.
 */
export interface KioskSettings {
  idleMs: number;
  reader: CardReaderOptions;
}

export const DEFAULT_IDLE_SECONDS = 30;

export function readSettings(search: string = location.search): KioskSettings {
  const q = new URLSearchParams(search);
  const idle = Number(q.get('idle'));
  return {
    idleMs: (Number.isFinite(idle) && idle >= 1 && idle <= 3600 ? idle : DEFAULT_IDLE_SECONDS) * 1000,
    reader: { ...DEFAULT_READER, prefix: q.get('prefix') ?? '', suffix: q.get('suffix') ?? '' },
  };
}
