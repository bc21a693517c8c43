import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '#shared/constants.ts';
import { LOCALES, translator } from '#shared/i18n/index.ts';
import { opensLine } from './opening-time.ts';

const closed = { open: false, opensAt: '2026-11-30T08:00:00.000Z', opensDay: 'today', timeZone: 'Europe/Warsaw', locale: 'pl-PL' } as const;

describe('the closed kiosk says when the mall opens', () => {
  it('on the mall clock, in the mall’s hour cycle, in each kiosk language', () => {
    expect(opensLine(closed, 'en', translator('en'))).toBe('We open today at 09:00.');
    expect(opensLine({ ...closed, opensDay: 'tomorrow' }, 'pl', translator('pl'))).toBe('Otwieramy jutro o 09:00.');
    expect(opensLine({ ...closed, opensDay: 'later' }, 'en', translator('en'))).toBe('We open on Monday at 09:00.');
    expect(opensLine({ ...closed, opensDay: 'later' }, 'hu', translator('hu'))).toBe('Nyitás: hétfő, 09:00.');
    // A mall whose locale keeps am/pm says so, whatever the shopper's language.
    expect(opensLine({ ...closed, locale: 'en-US', timeZone: 'America/New_York', opensAt: '2026-11-30T14:00:00.000Z' }, 'en', translator('en'))).toBe('We open today at 9:00 AM.');
    for (const lang of LANGUAGES) {
      const line = opensLine(closed, LOCALES[lang], translator(lang));
      expect(line, lang).toMatch(/09[:.]00|9:00/);
    }
  });

  it('says no opening is set when there is none, and nothing while open', () => {
    expect(opensLine({ ...closed, opensAt: null, opensDay: null }, 'cy', translator('cy'))).toBe('Does dim amser agor wedi’i osod ar gyfer yr wythnos nesaf.');
    expect(opensLine({ ...closed, open: true }, 'en', translator('en'))).toBeNull();
  });
});
