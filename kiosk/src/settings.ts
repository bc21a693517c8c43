import { readerSettingsFrom } from '#shared/cards.ts';
import { KIOSK_DEFAULTS, LANGUAGES } from '#shared/constants.ts';
import type { ReaderSettings } from '#shared/schemas/reader.ts';
import type { Language } from '#shared/schemas/shoppers.ts';

/**
 * Per-kiosk settings from the kiosk's URL, so a mall sets them in its launch command:
 *   /kiosk?idle=30&lang=cy&prefix=;&suffix=?
 * `idle` is the seconds without a touch before the kiosk wipes itself back to the attract screen.
 */
export interface KioskSettings {
  idleMs: number;
  /** An `idle` in the URL is the machine's own override; otherwise the panel's setting applies. */
  idleFromUrl: boolean;
  /** The language the attract screen starts in, and returns to after each shopper ('en' unless the URL names one). */
  language: Language;
  /** `?lang=` named it: it wins over the mall's default language. */
  languageFromUrl: boolean;
  /**
   * Reader settings this machine's URL fixes (`prefix`, `suffix`), over the panel's for this kiosk:
   * kept for launch commands written before the panel had them.
   */
  readerOverrides: Partial<ReaderSettings>;
}

export const DEFAULT_IDLE_SECONDS = KIOSK_DEFAULTS.idleSeconds;

export function readSettings(search: string = location.search): KioskSettings {
  const q = new URLSearchParams(search);
  const idle = Number(q.get('idle'));
  const lang = q.get('lang');
  return {
    language: (LANGUAGES as readonly string[]).includes(lang ?? '') ? (lang as Language) : 'en',
    languageFromUrl: (LANGUAGES as readonly string[]).includes(lang ?? ''),
    idleMs: (Number.isFinite(idle) && idle >= 1 && idle <= 3600 ? idle : DEFAULT_IDLE_SECONDS) * 1000,
    idleFromUrl: Number.isFinite(idle) && idle >= 1 && idle <= 3600,
    readerOverrides: {
      ...(q.get('prefix') ? { prefix: q.get('prefix')! } : {}),
      ...(q.get('suffix') ? { suffix: q.get('suffix')! } : {}),
    },
  };
}

/** What the panel sets for this kiosk (idle timeout, languages offered, card reader), as the hub last sent it. */
export interface HubKioskSettings {
  idleSeconds: number;
  languages: Language[];
  reader: ReaderSettings;
  /** The mall's default shopper language: the attract screen's language unless the URL names one. */
  homeLanguage?: Language;
}

const HUB_SETTINGS_KEY = 'atrium.kiosk.settings';

/**
 * The last settings the hub sent, so a kiosk started while the hub is down behaves as the operator
 * set it rather than as the defaults. Only device settings: nothing about any shopper.
 */
export function loadHubSettings(storage: Pick<Storage, 'getItem'> = localStorage): HubKioskSettings | null {
  try {
    const raw = JSON.parse(storage.getItem(HUB_SETTINGS_KEY) ?? 'null') as Partial<HubKioskSettings> | null;
    const idle = raw?.idleSeconds;
    const languages = Array.isArray(raw?.languages) ? raw.languages.filter((l): l is Language => (LANGUAGES as readonly unknown[]).includes(l)) : [];
    if (typeof idle !== 'number' || !Number.isInteger(idle) || idle < 1 || idle > 3600 || !languages.length) return null;
    const home = (LANGUAGES as readonly unknown[]).includes(raw?.homeLanguage) ? { homeLanguage: raw!.homeLanguage as Language } : {};
    return { idleSeconds: idle, languages, reader: readerSettingsFrom(raw?.reader), ...home };
  } catch {
    return null;
  }
}

export function saveHubSettings(s: HubKioskSettings, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(HUB_SETTINGS_KEY, JSON.stringify({ idleSeconds: s.idleSeconds, languages: s.languages, reader: s.reader, homeLanguage: s.homeLanguage }));
}
