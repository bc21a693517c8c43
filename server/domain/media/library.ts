import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaLimits, MediaListQuery } from '#shared/schemas/media.ts';
import type { Partition } from '#server/storage/partition.ts';
import type { MediaLibraryRecord, MediaRecord } from '#server/storage/records.ts';
import { gatedWrite } from '#server/storage/write-gate.ts';
import type { DomainBus } from '../core/bus.ts';
import { DomainError, invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { makeStills, probeImage, probeVideo, sniff, type Probed } from './probe.ts';

export const DEFAULT_MEDIA_LIMITS: MediaLimits = {
  maxImageBytes: 15 * 1024 * 1024,
  maxVideoBytes: 300 * 1024 * 1024,
  maxImagePixels: 40_000_000,
  maxVideoLongSide: 3840,
  maxVideoShortSide: 2160,
  maxVideoSeconds: 600,
  minVideoSeconds: 0.5,
};

/** Who uses a media item: titles of the promotions (or layouts) naming it. */
export type MediaUsers = (mediaId: string) => string[];

/** A file an upload was written to, not yet checked; see MediaLibrary.upload. */
export interface UploadedFile {
  path: string;
  bytes: number;
}

/**
 * The mall's media library. Every file is checked by its content (sharp for images, ffprobe for
 * video), stored once under `media/<sha256>.<ext>` with a poster and a thumbnail beside it, and
 * used by id. Usage comes from the concerns that reference media (`addUsers`), so an item in use
 * cannot be deleted, and a replaced file is followed by every user (they hold the id, not the URL).
 */
export class MediaLibrary {
  readonly #users: { users: MediaUsers; kind: 'promotion' | 'loop' }[] = [];

  constructor(
    private readonly store: Partition<MediaLibraryRecord>,
    /** `data/<mall>/media`: served at /media. */
    readonly dir: string,
    private readonly bus: DomainBus,
  ) {}

  /** Adds a source of usage: promotions, or loops (layouts' loop widgets and night loops). */
  addUsers(users: MediaUsers, kind: 'promotion' | 'loop' = 'promotion'): void {
    this.#users.push({ users, kind });
  }

  get limits(): MediaLimits {
    return { ...DEFAULT_MEDIA_LIMITS, ...this.store.data.limits };
  }

  /** The largest upload any kind may be: the transport stops reading past it. */
  get maxUploadBytes(): number {
    return Math.max(this.limits.maxImageBytes, this.limits.maxVideoBytes);
  }

  async setLimits(limits: MediaLimits): Promise<MediaLimits> {
    this.store.data.limits = { ...limits };
    await this.store.commit();
    return this.limits;
  }

  get(id: string): MediaRecord | undefined {
    return this.store.data.items.find((m) => m.id === id);
  }

  usedBy(id: string): string[] {
    return this.#users.flatMap((u) => u.users(id));
  }

  /** How many loops (layouts' loop widgets, night loops) use an item: the rest of `usedBy` are promotions. */
  loopsUsing(id: string): number {
    return this.#users.filter((u) => u.kind === 'loop').reduce((n, u) => n + u.users(id).length, 0);
  }

  /** Items matching a search (name or tag, any case), kind and tag; newest first. */
  list(query: MediaListQuery = {}): MediaRecord[] {
    const q = query.q?.toLowerCase();
    return this.store.data.items
      .filter((m) => !query.kind || m.kind === query.kind)
      .filter((m) => !query.tag || m.tags.includes(query.tag))
      .filter((m) => !q || m.name.toLowerCase().includes(q) || m.tags.some((t) => t.includes(q)))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /**
   * Checks an uploaded file and adds it to the library. The same content uploaded again gives
   * the item already there (`created: false`). On any refusal the upload is removed: nothing is kept.
   * @throws DomainError 'invalid' on field `file` (not a medium we take, and why); 413-like limits as HttpProblem by the caller.
   */
  async upload(upload: UploadedFile, meta: { name: string; tags: string[] }): Promise<{ item: MediaRecord; created: boolean }> {
    try {
      const checked = await this.#check(upload);
      const existing = this.store.data.items.find((m) => m.sha256 === checked.sha256);
      if (existing) return { item: existing, created: false };
      const files = await this.#keep(upload, checked);
      const now = new Date().toISOString();
      const item: MediaRecord = { id: newId(), name: meta.name, tags: meta.tags, ...files, createdAt: now, updatedAt: now };
      this.store.data.items.push(item);
      await this.store.commit();
      return { item, created: true };
    } finally {
      await rm(upload.path, { force: true });
    }
  }

  /**
   * Puts new content under an item's id: every promotion using it shows the new file from its
   * next playlist. The kind must stay (a video slot stays a video).
   */
  async replace(id: string, upload: UploadedFile): Promise<MediaRecord> {
    try {
      const before = this.get(id);
      if (!before) throw notFound('no such media item', 'id');
      const checked = await this.#check(upload);
      if (checked.probed.kind !== before.kind) throw invalid(`a ${before.kind} can only be replaced by another ${before.kind}`, 'file');
      const other = this.store.data.items.find((m) => m.sha256 === checked.sha256 && m.id !== id);
      if (other) throw new DomainError('conflict', `that file is already in the library as “${other.name}”`, 'file');
      const files = await this.#keep(upload, checked);
      const after: MediaRecord = { ...before, ...files, updatedAt: new Date().toISOString() };
      this.store.data.items[this.store.data.items.indexOf(before)] = after;
      await this.store.commit();
      if (before.sha256 !== after.sha256) await this.#removeFiles(before);
      this.bus.emit('promotions.changed');
      return after;
    } finally {
      await rm(upload.path, { force: true });
    }
  }

  async edit(id: string, edit: { name: string; tags: string[] }): Promise<MediaRecord> {
    const item = this.get(id);
    if (!item) throw notFound('no such media item', 'id');
    item.name = edit.name;
    item.tags = [...new Set(edit.tags)];
    item.updatedAt = new Date().toISOString();
    await this.store.commit();
    return item;
  }

  /** Removes an item no one uses. @throws DomainError 'conflict' naming its users. */
  async delete(id: string): Promise<MediaRecord> {
    const item = this.get(id);
    if (!item) throw notFound('no such media item', 'id');
    const users = this.usedBy(id);
    if (users.length) throw new DomainError('conflict', `still used by ${users.map((u) => `“${u}”`).join(', ')}: take it out of them first`, 'id');
    this.store.data.items.splice(this.store.data.items.indexOf(item), 1);
    await this.store.commit();
    await this.#removeFiles(item);
    return item;
  }

  async #check(upload: UploadedFile): Promise<{ probed: Probed; sha256: string }> {
    const family = await sniff(upload.path);
    if (!family) throw invalid('the file is neither an image (PNG, JPEG, WebP, AVIF) nor a video (MP4, WebM)', 'file');
    const limits = this.limits;
    const max = family === 'image' ? limits.maxImageBytes : limits.maxVideoBytes;
    if (upload.bytes > max) throw new DomainError('invalid', `the ${family} is ${mb(upload.bytes)}; at most ${mb(max)} is taken`, 'file');
    const probed = family === 'image' ? await probeImage(upload.path, limits) : await probeVideo(upload.path, limits);
    return { probed, sha256: await hashFile(upload.path) };
  }

  /** Moves the checked upload to its content name and makes its stills; returns the record's file fields. */
  async #keep(upload: UploadedFile, { probed, sha256 }: { probed: Probed; sha256: string }): Promise<Omit<MediaRecord, 'id' | 'name' | 'tags' | 'createdAt' | 'updatedAt'>> {
    const base = sha256.slice(0, 32);
    const file = `${base}.${probed.ext}`;
    const poster = `${base}.poster.jpg`;
    const thumb = `${base}.thumb.webp`;
    await mkdir(this.dir, { recursive: true });
    const tmpPoster = join(this.dir, `.${poster}.${process.pid}.tmp.jpg`);
    const tmpThumb = join(this.dir, `.${thumb}.${process.pid}.tmp.webp`);
    try {
      await makeStills(upload.path, probed, tmpPoster, tmpThumb);
      await gatedWrite(join(this.dir, file), async () => {
        await rename(tmpPoster, join(this.dir, poster));
        await rename(tmpThumb, join(this.dir, thumb));
        await rename(upload.path, join(this.dir, file));
      });
    } finally {
      await rm(tmpPoster, { force: true });
      await rm(tmpThumb, { force: true });
    }
    const { size } = await stat(join(this.dir, file));
    return {
      kind: probed.kind,
      mimeType: probed.mimeType,
      sha256,
      file,
      poster,
      thumb,
      bytes: size,
      width: probed.width,
      height: probed.height,
      durationMs: probed.durationMs,
      videoCodec: probed.videoCodec,
      audioCodec: probed.audioCodec,
    };
  }

  async #removeFiles(item: MediaRecord): Promise<void> {
    if (this.store.data.items.some((m) => m.sha256 === item.sha256)) return;
    await gatedWrite(join(this.dir, item.file), async () => {
      for (const f of [item.file, item.poster, item.thumb]) await rm(join(this.dir, f), { force: true });
    });
  }
}

const mb = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** URL paths the hub serves an item's files at. */
export const mediaUrls = (m: MediaRecord) => ({ url: `/media/${m.file}`, posterUrl: `/media/${m.poster}`, thumbUrl: `/media/${m.thumb}` });

