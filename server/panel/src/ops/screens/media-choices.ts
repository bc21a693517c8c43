import type { LoopMedia } from '#shared/schemas/layouts.ts';
import type { MediaItem, MediaLibrary } from '#shared/schemas/media.ts';
import { api } from '#server/panel/src/api.ts';

/** The media library's items, for picking a loop's media (empty when it cannot be read). */
export async function loadLibrary(): Promise<MediaItem[]> {
  try {
    return (await api<MediaLibrary>('/api/media/items')).items;
  } catch {
    return [];
  }
}

/** The library's files by media id, as a screen's playlist carries them: the previews play the real files. */
export const loopMediaOf = (library: readonly MediaItem[]): Record<string, LoopMedia> =>
  Object.fromEntries(library.map((m) => [m.id, { kind: m.kind, url: m.url, posterUrl: m.posterUrl, durationMs: m.durationMs }]));
