import type { Language } from '../schemas/shoppers.ts';
import { en, type Messages } from './messages/en.ts';

/**
 * The other languages' messages load only when a language is wanted, so the kiosk's first load
 * carries English alone and stays within its budget (each is its own small chunk, precached by the
 * kiosk's service worker like the keyboards).
 */
const LOADERS: Record<Exclude<Language, 'en'>, () => Promise<Messages>> = {
  cy: () => import('./messages/cy.ts').then((m) => m.cy),
  zh: () => import('./messages/zh.ts').then((m) => m.zh),
  kk: () => import('./messages/kk.ts').then((m) => m.kk),
  hu: () => import('./messages/hu.ts').then((m) => m.hu),
  pl: () => import('./messages/pl.ts').then((m) => m.pl),
};

/**
 * One language's messages: English at once (it is in the first load), the others after their chunk
 * has loaded. Rejects when the chunk cannot load (missing from an old offline cache).
 */
export function loadMessages(language: Language): Promise<Messages> {
  return language === 'en' ? Promise.resolve(en) : LOADERS[language]();
}

export { en as ENGLISH_MESSAGES };
