import type { Language } from '../schemas/shoppers.ts';
import { LANGUAGE_NAMES } from './language-names.ts';
import { LOCALES } from './locales.ts';
import { MESSAGES, type MessageKey, type Messages } from './messages.ts';
import { translatorFor, type Translate } from './translate.ts';

export { LANGUAGE_NAMES, LOCALES, MESSAGES, translatorFor, type MessageKey, type Messages, type Translate };

/** A translator for one language, all languages' messages at hand (the hub, the pass page). */
export const translator = (language: Language): Translate => translatorFor(language, MESSAGES[language]);
