import { QWERTY, type KeyboardLayout } from './layouts.ts';

/** Welsh: the English keys, and the accented vowels (w and y are vowels in Welsh) in four sets. */
export const WELSH: KeyboardLayout = {
  locale: 'cy',
  rows: QWERTY,
  accents: [
    { label: 'â', keys: ['â', 'ê', 'î', 'ô', 'û', 'ŵ', 'ŷ'] },
    { label: 'ä', keys: ['ä', 'ë', 'ï', 'ö', 'ü', 'ẅ', 'ÿ'] },
    { label: 'á', keys: ['á', 'é', 'í', 'ó', 'ú', 'ẃ', 'ý'] },
    { label: 'à', keys: ['à', 'è', 'ì', 'ò', 'ù', 'ẁ', 'ỳ'] },
  ],
};
