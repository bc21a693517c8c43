import { LANGUAGE_NAMES } from '../i18n/language-names.ts';
import type { MallInfo } from '../schemas/mall.ts';
import type { TenantReport } from '../schemas/reports.ts';

/** A dimension of a report's visitor mix (TenantReport.mix). */
export type MixDimension = keyof TenantReport['mix'];

/** Headings for the visitor mix, the same on the report page and in the mix CSV. */
export const MIX_DIMENSION_NAMES: Record<MixDimension, string> = {
  ageBand: 'Age band',
  homeArea: 'Home area',
  language: 'Language',
  priorZone: 'Came from zone',
  nextPlace: 'Went to next',
  segment: 'Segment (overlapping)',
};

/** The mall's lists a report's keys refer to (a subset of MallInfo). */
export type MallNames = Pick<MallInfo, 'zones' | 'interests' | 'areas' | 'ageBands'> & { tenants?: readonly { id: string; name: string }[] };

/**
 * What "went to next" means, word for word on the report page, in the mix CSV and in the API's
 * schema: one definition (as shared/reports/summary-measures.ts does for the summary).
 */
export const NEXT_PLACE_DEFINITION =
  'Went to next: for each visitor, the next check-in after their first visit to your shop in the period, in the same mall visit and on the same day — a zone, or another shop\'s till. Whole months only.';

/** The key prefix of a shop in "went to next" (ids never hold a colon). */
export const SHOP_KEY_PREFIX = 'shop:';

const AGE_BAND_NAMES: Record<string, string> = { 'under-18': 'Under 18', '65+': '65 and over' };
const SEGMENT_NAMES: Record<string, string> = { new: 'New shoppers', returning: 'Returning shoppers', frequent: 'Frequent shoppers', lapsed: 'Lapsed shoppers' };

/**
 * A language by its own name ("Cymraeg", "Polski", "中文（简体）"): the kiosk's name for one of its
 * languages (shared/i18n/language-names.ts), else Intl's, first letter capitalised so a list reads
 * evenly (browsers ship trimmed language data: Chromium has no Welsh), else the code itself.
 */
export function languageName(code: string): string {
  const kiosk = (LANGUAGE_NAMES as Partial<Record<string, string>>)[code];
  if (kiosk) return kiosk;
  try {
    const own = new Intl.DisplayNames([code], { type: 'language' }).of(code);
    if (own && own !== code) return own.charAt(0).toLocaleUpperCase(code) + own.slice(1);
  } catch {
    // Not a language tag (a stored value from before validation): shown as it is.
  }
  return code;
}

const nameOf = (list: readonly { id: string; name: string }[], id: string): string | undefined => list.find((i) => i.id === id)?.name;

/**
 * The words for one key of a report's visitor mix: the mall's own name for a zone, home area or
 * interest ("interest:food" -> "Likes Food") or age band (else as a range, "18-24" -> "18–24"), a
 * language by its own name ("cy" -> "Cymraeg"). A key the mall no longer lists (a deleted
 * interest) is shown as it is, so a number is never left without a row name.
 */
export function mixName(dimension: MixDimension, key: string, mall: MallNames): string {
  if (key === 'not given') return 'Not given';
  switch (dimension) {
    case 'ageBand':
      return nameOf(mall.ageBands, key) ?? AGE_BAND_NAMES[key] ?? key.replace('-', '–');
    case 'homeArea':
      return nameOf(mall.areas, key) ?? key;
    case 'language':
      return languageName(key);
    case 'priorZone':
      return key === 'none' ? 'No earlier check-in' : (nameOf(mall.zones, key) ?? key);
    case 'nextPlace': {
      if (key === 'none') return 'No later check-in that visit';
      if (key.startsWith(SHOP_KEY_PREFIX)) {
        const id = key.slice(SHOP_KEY_PREFIX.length);
        return `Shop: ${nameOf(mall.tenants ?? [], id) ?? id}`;
      }
      return nameOf(mall.zones, key) ?? key;
    }
    case 'segment': {
      if (SEGMENT_NAMES[key]) return SEGMENT_NAMES[key];
      const [kind, id] = key.split(':', 2);
      if (kind === 'interest' && id) return `Likes ${nameOf(mall.interests, id) ?? id}`;
      if (kind === 'area' && id) return `Lives in ${nameOf(mall.areas, id) ?? id}`;
      return key;
    }
  }
}
