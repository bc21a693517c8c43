import { KIOSK_DEFAULTS, LANGUAGES } from '../../shared/constants.ts';
import type { Language } from '../../shared/schemas/shoppers.ts';
import { DEFAULT_READER, type CardReaderOptions } from './card-reader.ts';

/**
 * Per-kiosk settings from the kiosk's URL, so a mall sets them in its launch command:
 *   /kiosk?idle=30&lang=cy&prefix=;&suffix=?
 * `idle` is the seconds without a touch before the kiosk wipes itself back to the attract screen.
 */
export interface KioskSettings {
  idleMs: number;
  /** An `idle` in the URL is the machine's own override; otherwise the panel's setting applies. */
  idleFromUrl: boolean;
  /** The language the attract screen starts in, and returns to after each shopper. */
  language: Language;
  reader: CardReaderOptions;
}

export const DEFAULT_IDLE_SECONDS = KIOSK_DEFAULTS.idleSeconds;

export function readSettings(search: string = location.search): KioskSettings {
  const q = new URLSearchParams(search);
  const idle = Number(q.get('idle'));
  const lang = q.get('lang');
  return {
    language: (LANGUAGES as readonly string[]).includes(lang ?? '') ? (lang as Language) : 'en',
    idleMs: (Number.isFinite(idle) && idle >= 1 && idle <= 3600 ? idle : DEFAULT_IDLE_SECONDS) * 1000,
    idleFromUrl: Number.isFinite(idle) && idle >= 1 && idle <= 3600,
    reader: { ...DEFAULT_READER, prefix: q.get('prefix') ?? '', suffix: q.get('suffix') ?? '' },
  };
}
