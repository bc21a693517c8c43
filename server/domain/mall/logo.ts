import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { DomainError, invalid } from '../core/errors.ts';

/** A logo upload may be at most this big … */
export const MAX_LOGO_BYTES = 2 * 1024 * 1024;
/** … and have at most this many pixels (a 4096 × 4096 image): decoding a bigger one is refused before it starts. */
export const MAX_LOGO_PIXELS = 4096 * 4096;
/** What is stored fits in this many pixels each way: ample for a kiosk header, a screen's corner or an email. */
export const LOGO_BOX = 1024;

const FORMATS = { png: 'png', jpeg: 'jpg', webp: 'webp' } as const;
type Format = keyof typeof FORMATS;

/** An SVG is text beginning with an XML prolog or an <svg> element (after any BOM, space or comments). */
const looksLikeSvg = (bytes: Uint8Array) => /^\uFEFF?\s*(<\?xml|<!--|<!DOCTYPE svg|<svg)/i.test(Buffer.from(bytes.subarray(0, 256)).toString('utf8'));

/**
 * Checks an uploaded logo by its content with sharp (libvips) and stores a clean copy in `dir`:
 * decoded and encoded again (dropping metadata and anything hidden after the image), turned
 * upright, shrunk to fit LOGO_BOX. Returns the stored file's name, made from its content.
 * Throws DomainError 'invalid' (field `logo`) for an SVG (it can carry script), for anything
 * that is not a whole PNG, JPEG or WebP image, and for an image over MAX_LOGO_PIXELS.
 */
export async function storeLogo(dir: string, bytes: Uint8Array): Promise<string> {
  if (looksLikeSvg(bytes)) throw invalid('SVG logos are refused (an SVG can carry script): export the logo as PNG', 'logo');
  let format: Format;
  let clean: Buffer;
  try {
    const image = sharp(bytes, { limitInputPixels: MAX_LOGO_PIXELS, failOn: 'error' });
    const meta = await image.metadata();
    if (!(meta.format in FORMATS)) throw invalid(`a ${meta.format.toUpperCase()} file is not taken: send a PNG, JPEG or WebP image`, 'logo');
    if (meta.width * meta.height > MAX_LOGO_PIXELS) throw invalid(`the image is ${meta.width} × ${meta.height} pixels; at most 4096 × 4096 are taken`, 'logo');
    format = meta.format as Format;
    const upright = image.rotate().resize({ width: LOGO_BOX, height: LOGO_BOX, fit: 'inside', withoutEnlargement: true });
    clean = await (format === 'png' ? upright.png() : format === 'jpeg' ? upright.jpeg({ quality: 90 }) : upright.webp({ quality: 90 })).toBuffer();
  } catch (e) {
    if (e instanceof DomainError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    if (/pixel limit/i.test(message)) throw invalid('the image has more than 4096 × 4096 pixels', 'logo');
    throw invalid('not a PNG, JPEG or WebP image, or a damaged one', 'logo');
  }
  const name = `logo-${createHash('sha256').update(clean).digest('hex').slice(0, 20)}.${FORMATS[format]}`;
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  await writeFile(tmp, clean);
  await rename(tmp, join(dir, name));
  return name;
}

/** Removes a logo file no longer used; a missing one is fine. */
export async function removeLogo(dir: string, name: string): Promise<void> {
  await rm(join(dir, name), { force: true });
}
