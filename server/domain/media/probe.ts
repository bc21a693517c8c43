import { execFile } from 'node:child_process';
import { open, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import sharp, { type Metadata } from 'sharp';
import type { MediaLimits, MediaMimeType } from '#shared/schemas/media.ts';
import { DomainError, invalid } from '../core/errors.ts';

const run = promisify(execFile);

/** What a checked file is, read from its content (never from its name or claimed type). */
export interface Probed {
  kind: 'image' | 'video';
  mimeType: MediaMimeType;
  ext: string;
  width: number;
  height: number;
  durationMs: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
}

/** Sniffs the first bytes: the family a file belongs to decides which checker reads it. */
export async function sniff(file: string): Promise<'image' | 'video' | null> {
  const fh = await open(file, 'r');
  try {
    const { bytesRead, buffer } = await fh.read(Buffer.alloc(16), 0, 16, 0);
    const b = buffer.subarray(0, bytesRead);
    const at = (sig: number[], from = 0) => sig.every((x, i) => b[from + i] === x);
    if (at([0x89, 0x50, 0x4e, 0x47]) || at([0xff, 0xd8, 0xff]) || (at([0x52, 0x49, 0x46, 0x46]) && at([0x57, 0x45, 0x42, 0x50], 8))) return 'image';
    // ISO base media ('ftyp' box): MP4 or AVIF/HEIF; the brand tells them apart.
    if (at([0x66, 0x74, 0x79, 0x70], 4)) {
      const brand = b.subarray(8, 12).toString('latin1');
      return brand === 'avif' || brand === 'avis' || brand === 'heic' || brand === 'mif1' ? 'image' : 'video';
    }
    if (at([0x1a, 0x45, 0xdf, 0xa3])) return 'video'; // EBML: WebM / Matroska
    return null;
  } finally {
    await fh.close();
  }
}

/**
 * Checks an image with sharp: format, dimensions against the pixel limit (read from the header,
 * before anything is decoded), then a full decode so a truncated file is caught here.
 * @throws DomainError 'invalid' on field `file` naming the reason.
 */
export async function probeImage(file: string, limits: MediaLimits): Promise<Probed> {
  let meta: Metadata;
  try {
    meta = await sharp(file, { limitInputPixels: false }).metadata();
  } catch {
    throw invalid('the file is not a readable image', 'file');
  }
  const formats: Record<string, [MediaMimeType, string]> = { png: ['image/png', 'png'], jpeg: ['image/jpeg', 'jpg'], webp: ['image/webp', 'webp'] };
  let kind = meta.format ? formats[meta.format] : undefined;
  // AVIF comes back as HEIF with AV1 compression; HEIC (HEVC) is HEIF too and Chromium does not show it.
  if (meta.format === 'heif') kind = meta.compression === 'av1' ? ['image/avif', 'avif'] : undefined;
  if (!kind) throw invalid(`a ${meta.format ?? 'unknown'} image is not taken: use PNG, JPEG, WebP or AVIF`, 'file');
  const { width = 0, height = 0 } = meta;
  if (!width || !height) throw invalid('the image has no size', 'file');
  if (width * height > limits.maxImagePixels) {
    throw invalid(`the image is ${width}×${height} (${mp(width * height)}); at most ${mp(limits.maxImagePixels)} is taken`, 'file');
  }
  try {
    await sharp(file, { limitInputPixels: limits.maxImagePixels, failOn: 'truncated' }).resize(32).raw().toBuffer();
  } catch {
    throw invalid('the image is damaged or cut short', 'file');
  }
  return { kind: 'image', mimeType: kind[0], ext: kind[1], width, height, durationMs: null, videoCodec: null, audioCodec: null };
}

const mp = (pixels: number) => `${(pixels / 1e6).toFixed(pixels < 1e7 ? 1 : 0)} megapixels`;

interface FfprobeOut {
  format?: { format_name?: string; duration?: string; size?: string };
  streams?: { codec_type?: string; codec_name?: string; width?: number; height?: number; duration?: string }[];
}

/** Codecs per container that Debian's Chromium plays (measured with canPlayType). */
const PLAYABLE = {
  mp4: { video: ['h264'], audio: ['aac'] },
  webm: { video: ['vp9', 'av1'], audio: ['opus', 'vorbis'] },
} as const;

/**
 * Checks a video with ffprobe: container, codecs, duration, resolution; for MP4 also that every
 * top-level box fits in the file (a cut-short upload). Refusals name the field `file` and why.
 * @throws DomainError 'invalid'.
 */
export async function probeVideo(file: string, limits: MediaLimits): Promise<Probed> {
  let out: FfprobeOut;
  try {
    const { stdout } = await run('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], { timeout: 20_000, maxBuffer: 4 * 1024 * 1024 });
    out = JSON.parse(stdout) as FfprobeOut;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new DomainError('unavailable', 'the hub cannot check videos: ffprobe is not installed (apt-get install ffmpeg)', 'file');
    throw invalid('the file is not a readable video (damaged, cut short, or not a video)', 'file');
  }
  const formatName = out.format?.format_name ?? '';
  const container = formatName.includes('mp4') ? 'mp4' : formatName.includes('webm') || formatName.includes('matroska') ? 'webm' : null;
  if (!container) throw invalid(`a ${formatName || 'unknown'} file is not taken: use MP4 (H.264/AAC) or WebM (VP9 or AV1)`, 'file');
  const video = out.streams?.find((s) => s.codec_type === 'video');
  const audio = out.streams?.find((s) => s.codec_type === 'audio');
  // Length first: a 0-second file often has no video stream left to name.
  const seconds = Number(out.format?.duration ?? video?.duration ?? NaN);
  if (!Number.isFinite(seconds) || seconds <= 0) throw invalid('the video is 0 seconds long (it has no frames)', 'file');
  if (!video?.codec_name) throw invalid('the file has no video stream', 'file');
  if (video.codec_name === 'hevc') throw invalid('HEVC (H.265) video does not play in the screens’ Chromium: export it as H.264 in MP4, or VP9/AV1 in WebM', 'file');
  const allowed = PLAYABLE[container];
  if (!(allowed.video as readonly string[]).includes(video.codec_name)) {
    throw invalid(`${video.codec_name} video in ${container.toUpperCase()} does not play on screens: use ${allowed.video.join(' or ').toUpperCase()}`, 'file');
  }
  if (audio?.codec_name && !(allowed.audio as readonly string[]).includes(audio.codec_name)) {
    throw invalid(`${audio.codec_name} audio in ${container.toUpperCase()} does not play on screens: use ${allowed.audio.join(' or ').toUpperCase()}`, 'file');
  }
  if (seconds < limits.minVideoSeconds) throw invalid(`the video is ${seconds.toFixed(2)} s long; at least ${limits.minVideoSeconds} s is taken`, 'file');
  if (seconds > limits.maxVideoSeconds) throw invalid(`the video is ${clock(seconds)} long; at most ${clock(limits.maxVideoSeconds)} is taken`, 'file');
  const width = video.width ?? 0;
  const height = video.height ?? 0;
  if (!width || !height) throw invalid('the video has no picture size', 'file');
  const [long, short] = width >= height ? [width, height] : [height, width];
  if (long > limits.maxVideoLongSide || short > limits.maxVideoShortSide) {
    throw invalid(`the video is ${width}×${height}; at most ${limits.maxVideoLongSide}×${limits.maxVideoShortSide} is taken`, 'file');
  }
  if (container === 'mp4') await checkMp4Boxes(file);
  return {
    kind: 'video',
    mimeType: container === 'mp4' ? 'video/mp4' : 'video/webm',
    ext: container,
    width,
    height,
    durationMs: Math.round(seconds * 1000),
    videoCodec: video.codec_name,
    audioCodec: audio?.codec_name ?? null,
  };
}

/** "3:00:00" / "2:05": how long, for a refusal. */
function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * Walks an MP4's top-level boxes: each must fit inside the file, and `moov` and `mdat` must be
 * there. An upload cut short leaves its last box (usually `mdat` or `moov`) running past the end.
 */
async function checkMp4Boxes(file: string): Promise<void> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(16);
    const seen = new Set<string>();
    let at = 0;
    while (at < size) {
      const { bytesRead } = await fh.read(head, 0, 16, at);
      if (bytesRead < 8) throw invalid('the MP4 is cut short (a box header runs past the end)', 'file');
      let boxSize = head.readUInt32BE(0);
      const type = head.toString('latin1', 4, 8);
      if (boxSize === 1) {
        if (bytesRead < 16) throw invalid('the MP4 is cut short (a box header runs past the end)', 'file');
        boxSize = Number(head.readBigUInt64BE(8));
      } else if (boxSize === 0) boxSize = size - at; // the last box runs to the end
      if (boxSize < 8 || at + boxSize > size) throw invalid(`the MP4 is cut short: its ${type} box needs ${at + boxSize} bytes, the file has ${size}`, 'file');
      seen.add(type);
      at += boxSize;
    }
    if (!seen.has('moov') || !seen.has('mdat')) throw invalid('the MP4 is incomplete (no moov or mdat box)', 'file');
  } finally {
    await fh.close();
  }
}

/**
 * The poster (full-size JPEG still) and thumbnail (320 px WebP) of a checked file. A video's
 * poster is its frame at 1 s (or its middle, if shorter).
 */
export async function makeStills(file: string, probed: Probed, posterOut: string, thumbOut: string): Promise<void> {
  if (probed.kind === 'video') {
    const grab = (at: number) => run('ffmpeg', ['-v', 'error', '-ss', at.toFixed(3), '-i', file, '-frames:v', '1', '-q:v', '3', '-y', '-f', 'image2', '-c:v', 'mjpeg', posterOut], { timeout: 30_000 });
    await grab(Math.min(1, (probed.durationMs ?? 0) / 2000));
    // A video of a frame or two has nothing to show past its start: take its first frame.
    if (!(await exists(posterOut))) await grab(0);
    if (!(await exists(posterOut))) throw invalid('no frame of the video could be read', 'file');
    await sharp(posterOut).resize({ width: 320, withoutEnlargement: true }).webp({ quality: 75 }).toFile(thumbOut);
  } else {
    const img = sharp(file, { limitInputPixels: false }).rotate();
    await img.clone().resize({ width: 1920, height: 1920, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 85 }).toFile(posterOut);
    await img.clone().resize({ width: 320, withoutEnlargement: true }).webp({ quality: 75 }).toFile(thumbOut);
  }
}

const exists = (path: string) => stat(path).then((s) => s.size > 0, () => false);
