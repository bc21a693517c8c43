import { describe, expect, it } from 'vitest';
import { keyboardFor, type KeyboardLayout } from './layouts.ts';

const letters = (l: KeyboardLayout) => [...l.rows.flat(), ...(l.accents ?? []).flatMap((a) => a.keys)];
const layout = async (lang: Parameters<typeof keyboardFor>[0]) => {
  const choice = await keyboardFor(lang);
  if (choice.kind !== 'keys') throw new Error(`${lang} has no keys`);
  return choice.layout;
};

/** Every letter of each language's alphabet, lower case, as its speakers write names. */
const ALPHABETS = {
  en: 'abcdefghijklmnopqrstuvwxyz',
  cy: 'abcdefghijklmnopqrstuvwxyz' + 'âêîôûŵŷ' + 'äëïöüẅÿ' + 'áéíóúẃý' + 'àèìòùẁỳ',
  pl: 'abcdefghijklmnopqrstuvwxyz' + 'ąćęłńóśźż',
  hu: 'abcdefghijklmnopqrstuvwxyz' + 'áéíóöőúüű',
  kk: 'аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя',
} as const;

describe('on-screen keyboards', () => {
  it.each(Object.entries(ALPHABETS))('%s has every letter of its alphabet, each once', async (lang, alphabet) => {
    const keys = letters(await layout(lang as keyof typeof ALPHABETS));
    expect([...alphabet].filter((c) => !keys.includes(c))).toEqual([]);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('Kazakh has exactly the 42 letters of its alphabet', async () => {
    expect(letters(await layout('kk')).sort()).toEqual([...ALPHABETS.kk].sort());
  });

  it('every letter has a capital of one character, so Shift types names exactly', async () => {
    for (const lang of Object.keys(ALPHABETS) as (keyof typeof ALPHABETS)[]) {
      const l = await layout(lang);
      for (const k of letters(l)) {
        const upper = k.toLocaleUpperCase(l.locale);
        expect([...upper], `${lang} ${k}`).toHaveLength(1);
        expect(upper.toLocaleLowerCase(l.locale)).toBe(k);
      }
    }
  });

  it('Chinese names go to the phone', async () => {
    expect(await keyboardFor('zh')).toEqual({ kind: 'phone' });
  });
});
