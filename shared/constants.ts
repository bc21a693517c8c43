/** Who is on the other end of a request or socket. `editor` is the content editor (promotions and media only; docs/operators.md). */
export const ROLES = ['operator', 'editor', 'tenant', 'kiosk', 'screen'] as const;
export type Role = (typeof ROLES)[number];

export const DEVICE_KINDS = ['kiosk', 'screen'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** Consent purposes; `membership` is required to enrol. */
export const CONSENT_PURPOSES = ['membership', 'analytics', 'marketing_email', 'marketing_sms'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export const OPTIONAL_PURPOSES = ['analytics', 'marketing_email', 'marketing_sms'] as const satisfies readonly ConsentPurpose[];

/** Cells and counts below this many shoppers are never shown; a mall may raise it, never below the floor. */
export const DEFAULT_K = 5;
export const MIN_K = 2;

export const DEFAULT_PRESENCE_MINUTES = 120;

/** Pairing codes avoid look-alike characters (0/O, 1/I/L) so they can be read off a screen across a room. */
export const PAIRING_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const PAIRING_CODE_LENGTH = 6;

/** The age bands a mall starts with (operators rename, add and remove them in the panel); the profile never holds a birth date. */
export const AGE_BANDS = ['under-18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Languages the kiosk and the pass page speak. Kept here (not with the zod schemas) so browser apps import it without zod. */
export const LANGUAGES = ['en', 'cy', 'zh', 'kk', 'hu', 'pl'] as const;

/** A kiosk's settings until an operator changes them in the panel. Kept here, free of zod, because the kiosk's first load must stay small. */
export const KIOSK_DEFAULTS = { idleSeconds: 30, languages: [...LANGUAGES] } as const;
