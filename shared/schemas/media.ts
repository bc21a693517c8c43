import { z } from 'zod';
import { Id, IsoTime } from './common.ts';

/**
 * The mall's media library: images and videos uploaded once and used by promotions (and by
 * layouts' media-loop widgets). Items are referred to by `MediaId`; their files live on the hub
 * under content-addressed names, so a replaced file gets a new URL and screens fetch it anew.
 */
export const MediaId = Id;
export type MediaId = z.infer<typeof MediaId>;

export const MediaKind = z.enum(['image', 'video']);
export type MediaKind = z.infer<typeof MediaKind>;

/** What Chromium on the screens plays; anything else is refused at upload, naming the reason. */
export const MEDIA_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/avif', 'video/mp4', 'video/webm'] as const;
export const MediaMimeType = z.enum(MEDIA_MIME_TYPES);
export type MediaMimeType = z.infer<typeof MediaMimeType>;

const Tag = z.string().trim().toLowerCase().min(1).max(30).regex(/^[\p{L}\p{N} _-]+$/u, 'letters, digits, spaces, _ or -');

/** One item as the panel (and a layout editor) sees it. */
export const MediaItem = z.object({
  id: MediaId,
  kind: MediaKind,
  name: z.string(),
  tags: z.array(z.string()),
  mimeType: MediaMimeType,
  /** The file on the hub, `/media/<sha256>.<ext>`; screens play this. */
  url: z.string(),
  /** A full-size still (a video's poster frame, an image itself): shown while a video loads. */
  posterUrl: z.string(),
  /** A small still for lists, 320 px wide (WebP). */
  thumbUrl: z.string(),
  bytes: z.number().int().nonnegative(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Videos only: whole milliseconds. */
  durationMs: z.number().int().positive().nullable(),
  /** Videos only: as ffprobe names them (`h264`, `aac`, `vp9`, `av1`, `opus`); audio null when silent. */
  videoCodec: z.string().nullable(),
  audioCodec: z.string().nullable(),
  /** How many active promotions (and layouts) use it; deleting is refused while above 0. */
  usedBy: z.number().int().nonnegative(),
  /** Of those, the loops (layouts' image or video loops, night loops); the rest are promotions. */
  usedByLoops: z.number().int().nonnegative().default(0),
  /** The titles of what uses it, for "used by …" in the library. */
  usedByNames: z.array(z.string()),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type MediaItem = z.infer<typeof MediaItem>;

/** What the hub accepts per mall; shown in the library so operators know before uploading. */
export const MediaLimits = z.object({
  maxImageBytes: z.number().int().positive(),
  maxVideoBytes: z.number().int().positive(),
  /** Width × height an image may have at most: a guard against decompression bombs. */
  maxImagePixels: z.number().int().positive(),
  /** The longer side × the shorter side a video may have at most (3840 × 2160 = 4K). */
  maxVideoLongSide: z.number().int().positive(),
  maxVideoShortSide: z.number().int().positive(),
  maxVideoSeconds: z.number().positive(),
  minVideoSeconds: z.number().positive(),
});
export type MediaLimits = z.infer<typeof MediaLimits>;

/** `PUT /api/media/limits` (operators): the mall's own limits, within what the hub can take. */
export const MediaLimitsInput = z
  .strictObject({
    maxImageBytes: z.number().int().min(64 * 1024).max(100 * 1024 * 1024),
    maxVideoBytes: z.number().int().min(1024).max(2 * 1024 * 1024 * 1024),
    maxImagePixels: z.number().int().min(10_000).max(100_000_000),
    maxVideoLongSide: z.number().int().min(16).max(7680),
    maxVideoShortSide: z.number().int().min(16).max(4320),
    maxVideoSeconds: z.number().min(1).max(3 * 3600),
    minVideoSeconds: z.number().min(0.1).max(60),
  })
  .refine((l) => l.minVideoSeconds < l.maxVideoSeconds, { message: 'the shortest video must be shorter than the longest', path: ['minVideoSeconds'] })
  .refine((l) => l.maxVideoShortSide <= l.maxVideoLongSide, { message: 'the short side may not be longer than the long side', path: ['maxVideoShortSide'] });
export type MediaLimitsInput = z.infer<typeof MediaLimitsInput>;

export const MediaLibrary = z.object({ items: z.array(MediaItem), limits: MediaLimits });
export type MediaLibrary = z.infer<typeof MediaLibrary>;

/** Query of `POST /api/media` (the body is the file's bytes, its type in Content-Type). */
export const MediaUploadQuery = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  /** Comma-separated. */
  tags: z.string().max(400).optional(),
});
export type MediaUploadQuery = z.infer<typeof MediaUploadQuery>;

/** `PATCH /api/media/:id`: rename and retag. */
export const MediaEdit = z.strictObject({
  name: z.string().trim().min(1).max(120),
  tags: z.array(Tag).max(20).default([]),
});
export type MediaEdit = z.input<typeof MediaEdit>;

export const MediaListQuery = z.strictObject({
  q: z.string().trim().max(120).optional(),
  kind: MediaKind.optional(),
  tag: z.string().trim().toLowerCase().max(30).optional(),
});
export type MediaListQuery = z.infer<typeof MediaListQuery>;

/** Tags as typed in an upload's query ("Food, summer") → ["food", "summer"], each checked. */
export function parseTags(raw: string | undefined): z.ZodSafeParseResult<string[]> {
  const list = (raw ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  return z.array(Tag).max(20).safeParse([...new Set(list.map((t) => t.toLowerCase()))]);
}

/**
 * A screen's offline cache as it reports it over its socket (`screen:cache`): how much of its
 * playlist's media it holds, and which files it still lacks.
 */
export const ScreenCacheReport = z.strictObject({
  /** Media files the playlist needs (videos, posters, images). */
  wanted: z.number().int().nonnegative().max(10_000),
  cached: z.number().int().nonnegative().max(10_000),
  cachedBytes: z.number().int().nonnegative(),
  /** URLs still missing, at most 50. */
  missing: z.array(z.string().max(200)).max(50),
  at: IsoTime,
});
export type ScreenCacheReport = z.infer<typeof ScreenCacheReport>;

/** A screen skipped an item because its video stopped advancing (`screen:video-stalled`). */
export const VideoStalled = z.strictObject({
  promotionId: Id.nullable(),
  url: z.string().max(200),
  /** Seconds without a `timeupdate` before the skip. */
  stalledForMs: z.number().int().nonnegative(),
  at: IsoTime,
});
export type VideoStalled = z.infer<typeof VideoStalled>;
