import type { KeyboardLayout } from './layouts.ts';

/** Hungarian: QWERTZ, as Hungarian keyboards are, with the nine accented vowels in a row of their own. */
export const HUNGARIAN: KeyboardLayout = {
  locale: 'hu',
  rows: [
    ['q', 'w', 'e', 'r', 't', 'z', 'u', 'i', 'o', 'p'],
    ['a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l'],
    ['y', 'x', 'c', 'v', 'b', 'n', 'm'],
  ],
  accents: [{ label: 'á', keys: ['á', 'é', 'í', 'ó', 'ö', 'ő', 'ú', 'ü', 'ű'] }],
};
