/** Media items as the panel sees them, mapped explicitly from storage records. */
import type { MediaItem } from '#shared/schemas/media.ts';
import type { MediaRecord } from '#server/storage/records.ts';
import { mediaUrls } from './library.ts';

export const toMediaItem = (m: MediaRecord, usedByNames: string[], usedByLoops = 0): MediaItem => ({
  id: m.id,
  kind: m.kind,
  name: m.name,
  tags: [...m.tags],
  mimeType: m.mimeType,
  ...mediaUrls(m),
  bytes: m.bytes,
  width: m.width,
  height: m.height,
  durationMs: m.durationMs,
  videoCodec: m.videoCodec,
  audioCodec: m.audioCodec,
  usedBy: usedByNames.length,
  usedByLoops,
  usedByNames,
  createdAt: m.createdAt,
  updatedAt: m.updatedAt,
});
