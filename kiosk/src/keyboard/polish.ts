import { QWERTY, type KeyboardLayout } from './layouts.ts';

/** Polish: QWERTY (as Polish keyboards are) with the nine Polish letters in a row of their own. */
export const POLISH: KeyboardLayout = {
  locale: 'pl',
  rows: QWERTY,
  accents: [{ label: 'ą', keys: ['ą', 'ć', 'ę', 'ł', 'ń', 'ó', 'ś', 'ź', 'ż'] }],
};
