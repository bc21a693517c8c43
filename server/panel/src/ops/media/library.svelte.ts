import { api, ApiProblem } from '#server/panel/src/api.ts';
import type { MediaItem, MediaLibrary, MediaLimits } from '#shared/schemas/media.ts';

/** Sends a file's bytes (the hub checks them by content) and reads its JSON answer. */
async function sendFile<T>(path: string, method: 'POST' | 'PUT', file: File): Promise<T> {
  const res = await fetch(path, { method, headers: { 'content-type': file.type || 'application/octet-stream' }, body: file, credentials: 'same-origin' });
  const body = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new ApiProblem(res.status, body);
  return body as T;
}

/**
 * The media library as the panel holds it: the items, the mall's limits, and the actions on
 * them. Errors come back as the hub's words (ApiProblem) for the caller to show by its field.
 */
export class MediaDesk {
  items = $state<MediaItem[]>([]);
  limits = $state<MediaLimits | null>(null);
  loaded = $state(false);
  problem = $state<string | null>(null);

  async load(): Promise<void> {
    try {
      const lib = await api<MediaLibrary>('/api/media/items');
      this.items = lib.items;
      this.limits = lib.limits;
      this.problem = null;
    } catch (e) {
      this.problem = e instanceof Error ? e.message : String(e);
    } finally {
      this.loaded = true;
    }
  }

  async upload(file: File, name: string, tags: string): Promise<MediaItem> {
    const q = new URLSearchParams({ name: name.trim() || file.name.replace(/\.[^.]+$/, '') || 'Untitled' });
    if (tags.trim()) q.set('tags', tags);
    const item = await sendFile<MediaItem>(`/api/media/items?${q}`, 'POST', file);
    await this.load();
    return item;
  }

  async replace(id: string, file: File): Promise<MediaItem> {
    const item = await sendFile<MediaItem>(`/api/media/items/${encodeURIComponent(id)}/file`, 'PUT', file);
    await this.load();
    return item;
  }

  async edit(id: string, name: string, tags: string[]): Promise<void> {
    await api<MediaItem>(`/api/media/items/${encodeURIComponent(id)}`, { name, tags }, 'PATCH');
    await this.load();
  }

  async remove(id: string): Promise<void> {
    await api<MediaItem>(`/api/media/items/${encodeURIComponent(id)}`, undefined, 'DELETE');
    await this.load();
  }

  get tags(): string[] {
    return [...new Set(this.items.flatMap((i) => i.tags))].sort();
  }
}

/** "12.4 MB" */
export const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
/** "0:42" / "1:02:03" */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
