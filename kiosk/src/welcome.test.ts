import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '#shared/constants.ts';
import { translator } from '#shared/i18n/index.ts';
import { welcomeHeading } from './welcome.ts';

/**
 * A second tap minutes after joining said "Welcome back!" over "Your first visit": the heading
 * and the visit line must tell one story, in every language.
 */
describe('the kiosk greeting’s heading agrees with its visit line', () => {
  for (const lang of LANGUAGES) {
    const t = translator(lang);
    it(`${lang}: tapping again during the visit of joining is not “welcome back”`, () => {
      const again = welcomeHeading({ back: true, visitCount: 1 }, t);
      expect(again).not.toBe(t('welcomeBack'));
      expect(again).toBe(t('checkedInAlready'));
      expect(welcomeHeading({ back: true, visitCount: 1, firstName: 'Ana' }, t)).toBe(t('checkedInAlreadyName', { name: 'Ana' }));
      expect(t('checkedInAlreadyName', { name: 'Ana' })).toContain('Ana');
    });
    it(`${lang}: a member on a later visit is welcomed back; one who has just joined is welcomed`, () => {
      expect(welcomeHeading({ back: true, visitCount: 2 }, t)).toBe(t('welcomeBack'));
      expect(welcomeHeading({ back: false, visitCount: 1 }, t)).toBe(t('welcome'));
    });
  }
});
