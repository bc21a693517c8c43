import type { KeyboardLayout } from './layouts.ts';

/**
 * Kazakh Cyrillic, all 42 letters: the Russian ЙЦУКЕН rows as on a Kazakh keyboard, with the nine
 * Kazakh letters (ә ғ қ ң ө ұ ү һ і) where that keyboard has its number row.
 */
export const KAZAKH: KeyboardLayout = {
  locale: 'kk',
  rows: [
    ['ә', 'і', 'ң', 'ғ', 'ү', 'ұ', 'қ', 'ө', 'һ'],
    ['й', 'ц', 'у', 'к', 'е', 'н', 'г', 'ш', 'щ', 'з', 'х', 'ъ'],
    ['ф', 'ы', 'в', 'а', 'п', 'р', 'о', 'л', 'д', 'ж', 'э'],
    ['я', 'ч', 'с', 'м', 'и', 'т', 'ь', 'б', 'ю', 'ё'],
  ],
};
