import { z } from 'zod';
import { MIN_K, DEFAULT_K, LANGUAGES } from '../constants.ts';
import { NewPassword, Username } from './auth.ts';
import { Zone } from './mall.ts';

/** An IANA time zone the JavaScript engine knows ("Europe/Warsaw"); the mall clock runs on it. */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone');

/** A BCP 47 locale for dates and numbers ("pl-PL", "en-GB"). */
export const Locale = z
  .string()
  .min(2)
  .max(35)
  .refine((l) => {
    try {
      return Intl.getCanonicalLocales(l).length === 1;
    } catch {
      return false;
    }
  }, 'unknown locale');

/** Local wall-clock time in the mall's time zone, 24-hour "HH:MM"; "24:00" is the end of the day. */
export const LocalTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'use HH:MM, 24-hour');

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

/** One opening of a day, from `open` to `close`, both local times the same day. */
export const OpeningSpell = z.strictObject({ open: LocalTime, close: LocalTime });
export type OpeningSpell = z.infer<typeof OpeningSpell>;

/**
 * A week's opening hours, Monday first (index 0) to Sunday (6); a day with no spells is closed.
 * Spells of a day must each end after they start and must not overlap.
 */
export const OpeningHours = z
  .array(z.array(OpeningSpell).max(4), { message: 'give seven days, Monday first' })
  .length(7, 'give seven days, Monday first')
  .superRefine((week, ctx) => {
    week.forEach((spells, day) => {
      spells.forEach((s, i) => {
        if (minutes(s.close) <= minutes(s.open)) ctx.addIssue({ code: 'custom', path: [day, i, 'close'], message: 'closes before it opens' });
      });
      const sorted = spells.map((s, i) => ({ ...s, i })).sort((a, b) => minutes(a.open) - minutes(b.open));
      for (let j = 1; j < sorted.length; j++) {
        if (minutes(sorted[j].open) < minutes(sorted[j - 1].close)) {
          ctx.addIssue({ code: 'custom', path: [day, sorted[j].i, 'open'], message: 'overlaps another opening that day' });
        }
      }
    });
  });
export type OpeningHours = z.infer<typeof OpeningHours>;

/** A public address phones can reach: http(s) only, no credentials, no query. */
export const PublicUrl = z
  .url({ protocol: /^https?$/, message: 'give an http:// or https:// address' })
  .max(200)
  // zod runs this even when the URL check above failed: never let `new URL` throw out of a check.
  .refine((u) => {
    if (!URL.canParse(u)) return true;
    const url = new URL(u);
    return !url.username && !url.password && !url.search && !url.hash;
  }, 'give the bare address, without a user name, query or #');

/** What a mall decides for itself at set-up, and may change later; stored with the mall. */
export const MallSettings = z.strictObject({
  timezone: TimeZone,
  locale: Locale,
  defaultLanguage: z.enum(LANGUAGES),
  /** Cells and counts below K shoppers are never shown (DESIGN.md rule 2). */
  k: z.number().int().min(MIN_K, `K cannot be below ${MIN_K}`).max(100),
  openingHours: OpeningHours,
  publicUrl: PublicUrl.optional(),
});
export type MallSettings = z.infer<typeof MallSettings>;

const unique = <T>(key: (t: T) => string, what: string) => (items: T[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item).toLowerCase();
    if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [i], message: `two ${what} share this` });
    seen.add(k);
  });
};

/** The one request that turns an empty hub into a mall. */
export const SetupBody = z.strictObject({
  /** The one-time set-up token the hub printed on its console at start. */
  token: z.string().min(16).max(100),
  mall: z.strictObject({
    name: z.string().trim().min(1).max(120),
    settings: MallSettings,
    zones: z
      .array(z.strictObject({ id: Zone.shape.id, name: z.string().trim().min(1).max(80) }))
      .min(1, 'add at least one zone')
      .max(200)
      .superRefine(unique((z) => z.id, 'zones'))
      .superRefine(unique((z) => z.name, 'zones')),
  }),
  operator: z.strictObject({ username: Username, password: NewPassword }),
});
export type SetupBody = z.infer<typeof SetupBody>;

export const SetupStatus = z.object({ needed: z.boolean() });
export type SetupStatus = z.infer<typeof SetupStatus>;

/**
 * Open all day, every day: what a mall that keeps no hours of its own (the demo mall) runs on, so
 * the panel shows and a save keeps the truth rather than invented hours.
 */
export const ALWAYS_OPEN: OpeningHours = Array.from({ length: 7 }, () => [{ open: '00:00', close: '24:00' }]);

/** True when `hours` are open all day every day (ALWAYS_OPEN), for an "Always open" note. */
export const isAlwaysOpen = (hours: OpeningHours): boolean => hours.every((day) => day.length === 1 && day[0].open === '00:00' && day[0].close === '24:00');

/** A starting point for the form: open 09:00–21:00 Monday to Saturday, 10:00–18:00 Sunday. */
export const DEFAULT_OPENING_HOURS: OpeningHours = [
  ...Array.from({ length: 6 }, () => [{ open: '09:00', close: '21:00' }]),
  [{ open: '10:00', close: '18:00' }],
];
export const DEFAULT_SETTINGS_K = DEFAULT_K;
