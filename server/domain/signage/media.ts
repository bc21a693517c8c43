import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gatedWrite } from '#server/storage/write-gate.ts';
import { invalid } from '../core/errors.ts';

/** Raster only: an SVG can carry script, and screens show whatever the hub serves. */
export const IMAGE_TYPES = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' } as const;
export type ImageType = keyof typeof IMAGE_TYPES;
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

/** The image type the bytes themselves say, whatever the upload claimed; null if not one we take. */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return null;
}

/**
 * Stores an uploaded promotion image in the mall's media folder under a name made from its
 * content, so the same image uploaded twice is one file and a name never changes meaning.
 */
export async function storeImage(dir: string, bytes: Uint8Array, declared: string | undefined): Promise<string> {
  const actual = sniffImage(bytes);
  if (!actual) throw invalid('not a PNG, JPEG or WebP image', 'image');
  const claimed = declared?.split(';')[0].trim().toLowerCase();
  if (claimed !== actual) throw invalid(`the file is ${actual} but was sent as ${claimed ?? 'nothing'}`, 'image');
  const name = `${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.${IMAGE_TYPES[actual]}`;
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  await gatedWrite(tmp, async () => {
    await writeFile(tmp, bytes);
    await rename(tmp, join(dir, name));
  });
  return `/media/${name}`;
}
