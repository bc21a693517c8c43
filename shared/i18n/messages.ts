/**
 * Every string the kiosk, the pass page and the phone join page show, in ICU MessageFormat, one
 * file per language (messages/<language>.ts). Plurals use each language's own categories (Welsh
 * has six, Polish four, Chinese one). English is the reference: every other language must have
 * exactly its keys (checked by a test).
 *
 * This module holds all six at once, for the hub, the pass page and the panel. The kiosk does not
 * import it: it loads a language's file when that language is wanted (load.ts), so its first load
 * carries English alone.
 */
import type { Language } from '../schemas/shoppers.ts';
import { cy } from './messages/cy.ts';
import { en, type MessageKey, type Messages } from './messages/en.ts';
import { hu } from './messages/hu.ts';
import { kk } from './messages/kk.ts';
import { pl } from './messages/pl.ts';
import { zh } from './messages/zh.ts';

export type { MessageKey, Messages };

export const MESSAGES: Record<Language, Messages> = { en, cy, zh, kk, hu, pl };
