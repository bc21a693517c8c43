import { z } from 'zod';
import { Id, IsoTime } from './common.ts';
import { SegmentId } from './segments.ts';
import { MediaId } from './media.ts';
import { LANGUAGES } from '../constants.ts';
import { FULL_SCREEN, LoopMedia, NightState, ScreenLayout } from './layouts.ts';

const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1a2b3c');
const DateOnly = z.iso.date();
/** A time of day in the mall's local time; 24:00 ends a day-part at midnight. */
const TimeOfDay = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:MM');
/** Images are served by the hub itself (same origin), so screens can cache them and the CSP holds. */
export const MediaUrl = z.string().regex(/^\/media\/[A-Za-z0-9._-]{1,100}$/, 'must be a /media/… path on the hub');

export const PromotionMedia = z.strictObject({ id: MediaId, play: z.enum(['loop', 'once']).default('loop') });
export type PromotionMedia = z.output<typeof PromotionMedia>;

export const DayPart = z
  .strictObject({ start: TimeOfDay, end: TimeOfDay })
  .refine((p) => p.start < p.end, { message: 'a day-part must end after it starts', path: ['end'] });
export type DayPart = z.infer<typeof DayPart>;

export const Schedule = z
  .strictObject({
    from: DateOnly,
    to: DateOnly.optional(),
    /** Weekdays, 0 = Sunday; empty means every day. */
    days: z.array(z.number().int().min(0).max(6)).max(7).default([]),
    /** Empty means all day. */
    dayParts: z.array(DayPart).max(6).default([]),
  })
  .refine((s) => !s.to || s.from <= s.to, { message: 'the schedule must end on or after it starts', path: ['to'] });
export type Schedule = z.infer<typeof Schedule>;

/**
 * An email the promotion sends once to each shopper who checks in where and while it runs, is in
 * its audience, and agreed to offers by email. Empty subject and text mean the promotion's own.
 */
export const OfferEmail = z.strictObject({
  enabled: z.boolean().default(false),
  subject: z.string().trim().max(120).default(''),
  text: z.string().trim().max(2000).default(''),
});
export type OfferEmail = z.output<typeof OfferEmail>;

/**
 * A text message the promotion sends once to each shopper who checks in where and while it runs,
 * is in its audience, agreed to offers by SMS and gave a number — the offer email's rule, by text.
 * Empty text means the promotion's title (in the shopper's language where it has one). The whole
 * message must fit OFFER_SMS_MAX_PARTS parts in every language: checked when saved.
 */
export const OfferSms = z.strictObject({
  enabled: z.boolean().default(false),
  text: z.string().trim().max(300).default(''),
});
export type OfferSms = z.output<typeof OfferSms>;

/** What an operator sends to create or replace a promotion. */
export const PromotionInput = z.strictObject({
  title: z.string().trim().min(1).max(80),
  text: z.string().trim().max(280).default(''),
  imageUrl: MediaUrl.optional(),
  /**
   * An item of the media library shown on the slide (instead of `imageUrl`). A video plays muted;
   * `loop` repeats it for the slide's duration, `once` plays it through and the slide lasts as long.
   */
  media: PromotionMedia.optional(),
  tenantId: Id.optional(),
  colours: z.strictObject({ background: Colour, text: Colour }).default({ background: '#20324a', text: '#fdf8ef' }),
  /** Shoppers in any of these segments are the audience; empty means everyone present. */
  segments: z.array(SegmentId).max(10).default([]),
  minAudience: z.number().int().min(0).max(100_000).default(0),
  /** Where it may play: zones and/or named screens; both empty means every screen. */
  zones: z.array(Id).max(50).default([]),
  screens: z.array(Id).max(500).default([]),
  /** Screen groups it may play on; with zones and screens all empty it plays everywhere. */
  groups: z.array(Id).max(50).default([]),
  /** Count the audience in the screen's zone, or in the whole mall. */
  audienceScope: z.enum(['zone', 'mall']).default('zone'),
  /** With a label ("coffee lovers"), the screen shows the live audience — only when it is at least K. */
  audienceLabel: z.string().trim().min(1).max(40).optional(),
  schedule: Schedule,
  priority: z.number().int().min(1).max(10).default(5),
  durationSeconds: z.number().int().min(3).max(120).default(10),
  /** House content plays only when nothing targeted qualifies. */
  house: z.boolean().default(false),
  /** How often one shopper may redeem it at the shop's till. */
  redemptionsPerShopper: z.number().int().min(1).max(100).default(1),
  offerEmail: OfferEmail.default({ enabled: false, subject: '', text: '' }),
  offerSms: OfferSms.default({ enabled: false, text: '' }),
  /** Plays outside the mall's opening hours too; otherwise screens sleep then. */
  outsideHours: z.boolean().default(false),
  /**
   * Title and text in other kiosk languages: a screen shows the language of the largest language
   * segment present in its zone (from K up), the mall's default language otherwise.
   */
  translations: z.partialRecord(z.enum(LANGUAGES), z.strictObject({ title: z.string().trim().min(1).max(80), text: z.string().trim().max(280).default('') })).default({}),
})
  // House content fills screens when nothing targeted qualifies; it is not an offer to mail anyone.
  .refine((p) => !(p.house && p.offerEmail.enabled), { message: 'house content is not sent by email', path: ['offerEmail', 'enabled'] })
  .refine((p) => !(p.house && p.offerSms.enabled), { message: 'house content is not sent by SMS', path: ['offerSms', 'enabled'] });
export type PromotionInput = z.input<typeof PromotionInput>;
export type PromotionFields = z.output<typeof PromotionInput>;

export const Promotion = z.object({
  ...PromotionInput.shape,
  id: Id,
  status: z.enum(['active', 'archived']),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type Promotion = z.infer<typeof Promotion>;

export const PlaylistVideo = z.object({
  url: z.string(),
  posterUrl: z.string(),
  /** true: repeat for the slide's duration; false: play once, the slide lasting as long as the video. */
  loop: z.boolean(),
  durationMs: z.number().int().positive(),
});
export type PlaylistVideo = z.infer<typeof PlaylistVideo>;

/** One thing a screen shows. `promotionId` is null for the built-in welcome card. */
export const PlaylistItem = z.object({
  key: z.string(),
  promotionId: Id.nullable(),
  title: z.string(),
  text: z.string(),
  imageUrl: z.string().nullable(),
  /** A video to play muted on the slide, with its poster shown until its first frame; absent or null: none. */
  video: PlaylistVideo.nullable().optional(),
  tenantName: z.string().nullable(),
  background: z.string(),
  foreground: z.string(),
  durationMs: z.number().int().positive(),
  /** "23 coffee lovers are here right now"; only ever set from a count of at least K. */
  audienceLine: z.string().nullable(),
  /** The language the title and text are in (the crowd's, when the promotion has it). */
  lang: z.string().optional(),
});
export type PlaylistItem = z.infer<typeof PlaylistItem>;

export const Playlist = z.object({
  /** Increases with every playlist the hub computes; `hash` identifies the content. */
  version: z.number().int().nonnegative(),
  hash: z.string(),
  /** When the change that produced it happened (a count change, an edit), for change→render latency. */
  changedAt: IsoTime,
  /** Empty only at night, when nothing plays outside opening hours. */
  items: z.array(PlaylistItem),
  /** The screen's layout (its own, its group's, or full screen). Absent from older hubs: full screen. */
  layout: ScreenLayout.default(FULL_SCREEN),
  /** Set outside opening hours: the screen shows this whenever its items run out (all of them, unless some play at night). */
  night: NightState.nullable().default(null),
  /** The library items the layout's loops and the night loop name, by media id (absent from older hubs: none). */
  media: z.record(z.string(), LoopMedia).default({}),
  /** The mall's time zone and locale, for the clock widget (one mall clock). */
  timeZone: z.string().default('UTC'),
  locale: z.string().default('en-GB'),
  /** The crowd's language in the screen's zone now (see PromotionInput.translations). */
  language: z.string().default('en'),
});
export type Playlist = z.infer<typeof Playlist>;

/**
 * New live numbers for a playlist a screen already plays (same `hash`): each item's audience line
 * by item key. A count moving changes only these lines, so the screen is sent them alone and keeps
 * its place in the loop, instead of a whole new playlist starting over at every check-in.
 */
export const PlaylistLines = z.object({
  hash: z.string(),
  lines: z.record(z.string(), z.string().nullable()),
});
export type PlaylistLines = z.infer<typeof PlaylistLines>;
