import type { Language } from '#shared/schemas/shoppers.ts';

/**
 * An on-screen keyboard's letters for one language, lower case (Shift makes capitals with the
 * language's own rules). `rows` are always shown; `accents`, when there is more than one set,
 * share one row and the shopper switches between them (Welsh has four sets of seven).
 */
export interface KeyboardLayout {
  /** The language whose letters these are (its BCP 47 tag, for upper-casing). */
  locale: string;
  rows: string[][];
  /** Extra letters in a row above the others, each set with a label for its switch key. */
  accents?: { label: string; keys: string[] }[];
}

/** What the keyboard for a language is: its layout, or "on the phone" where no layout serves the script. */
export type KeyboardChoice = { kind: 'keys'; layout: KeyboardLayout } | { kind: 'phone' };

export const QWERTY: string[][] = [
  ['q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p'],
  ['a', 's', 'd', 'f', 'g', 'h', 'j', 'k', 'l'],
  ['z', 'x', 'c', 'v', 'b', 'n', 'm'],
];

/** English names, and every email address (addresses are typed in Latin letters whatever the language). */
export const ENGLISH: KeyboardLayout = { locale: 'en', rows: QWERTY };

export const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

/**
 * The other languages' layouts load only when a shopper picks the language, so the kiosk's first
 * load stays within its budget (each is its own small chunk, precached by the service worker).
 * Chinese names are typed on the shopper's phone: no kept, offline pinyin or handwriting library
 * fits the kiosk (see docs/operators.md, "On-screen keyboards").
 */
const LOADERS: Record<Exclude<Language, 'en' | 'zh'>, () => Promise<KeyboardLayout>> = {
  cy: () => import('./welsh.ts').then((m) => m.WELSH),
  pl: () => import('./polish.ts').then((m) => m.POLISH),
  hu: () => import('./hungarian.ts').then((m) => m.HUNGARIAN),
  kk: () => import('./kazakh.ts').then((m) => m.KAZAKH),
};

/** The name keyboard for a language: English at once, the others after their chunk loads. */
export async function keyboardFor(language: Language): Promise<KeyboardChoice> {
  if (language === 'zh') return { kind: 'phone' };
  if (language === 'en') return { kind: 'keys', layout: ENGLISH };
  return { kind: 'keys', layout: await LOADERS[language]() };
}

/** Whether names in this language are typed on the kiosk (false: on the shopper's phone). */
export const typesOnKiosk = (language: Language): boolean => language !== 'zh';
