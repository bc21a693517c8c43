import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Request } from 'express';
import { HttpProblem } from './errors.ts';

/**
 * The raw request body of a file upload, up to `max` bytes; a bigger one is a 413 naming `field`.
 * Bytes past the limit are read and dropped (up to 4 × max) so the client gets the 413 instead
 * of a reset connection; past that the connection is dropped.
 */
export async function readUpload(req: Request, max: number, field: string): Promise<Uint8Array> {
  const tooBig = () => new HttpProblem(413, `the file may be at most ${max / 1024 / 1024} MB`, field);
  if (req.headers['content-type']?.startsWith('application/json')) throw new HttpProblem(415, 'send the file bytes, not JSON', field);
  const drainLimit = 4 * max;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > drainLimit) throw tooBig();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total <= max) chunks.push(chunk);
    else if (total > drainLimit) {
      req.destroy();
      break;
    }
  }
  if (total > max) throw tooBig();
  if (total === 0) throw new HttpProblem(400, 'send the file as the request body', field);
  return Buffer.concat(chunks);
}

/**
 * Streams a file upload's body into `tmpPath` (a dot-name inside the mall's folder, so a backup
 * skips it), up to `max` bytes: a large video never sits in memory. A bigger body is a 413
 * naming `field`, an empty one a 400; on any error the partial file is removed.
 */
export async function readUploadToFile(req: Request, tmpPath: string, max: number, field: string): Promise<{ path: string; bytes: number }> {
  const tooBig = () => new HttpProblem(413, `the file may be at most ${Math.round(max / 1024 / 1024)} MB`, field);
  if (req.headers['content-type']?.startsWith('application/json')) throw new HttpProblem(415, 'send the file bytes, not JSON', field);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) {
    // Read and drop a little so the client sees the 413 rather than a reset; then stop reading.
    req.resume();
    throw tooBig();
  }
  await mkdir(dirname(tmpPath), { recursive: true });
  const out = createWriteStream(tmpPath, { flags: 'wx' });
  let total = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > max) {
        req.destroy();
        throw tooBig();
      }
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    if (total === 0) throw new HttpProblem(400, 'send the file as the request body', field);
    return { path: tmpPath, bytes: total };
  } catch (e) {
    out.destroy();
    await rm(tmpPath, { force: true });
    throw e;
  }
}
