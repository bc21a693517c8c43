import type { Request } from 'express';
import { join } from 'node:path';
import { mallDir } from '#server/config.ts';
import { MAX_IMAGE_BYTES, storeImage } from '#server/domain/signage/media.ts';
import { HttpProblem } from '../errors.ts';
import { route } from '../route.ts';

/** Past this much, stop listening and drop the connection instead of reading an attacker's stream. */
const DRAIN_LIMIT = 4 * MAX_IMAGE_BYTES;

/**
 * The raw request body, up to the image limit. Bytes past the limit are read and dropped (up to a
 * bound) so the client gets the 413 instead of a reset connection.
 */
async function readImage(req: Request): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > DRAIN_LIMIT) throw new HttpProblem(413, `images may be at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB`, 'image');
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total <= MAX_IMAGE_BYTES) chunks.push(chunk);
    else if (total > DRAIN_LIMIT) {
      req.destroy();
      break;
    }
  }
  if (total > MAX_IMAGE_BYTES) throw new HttpProblem(413, `images may be at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB`, 'image');
  if (total === 0) throw new HttpProblem(400, 'send the image as the request body', 'image');
  return Buffer.concat(chunks);
}

/** Promotion images, uploaded by operators and served from /media with cache headers. */
export const mediaRoutes = [
  route({
    method: 'post',
    path: '/api/media',
    roles: ['operator', 'editor'],
    audit: { action: 'media.upload', target: (_ctx, result) => (result as { url: string }).url },
    handler: async ({ services, req, res }): Promise<{ url: string }> => {
      if (req.headers['content-type']?.startsWith('application/json')) throw new HttpProblem(415, 'send the image bytes, not JSON', 'image');
      const bytes = await readImage(req);
      const url = await storeImage(join(mallDir(services.config), 'media'), bytes, req.headers['content-type']);
      res.status(201);
      return { url };
    },
  }),
];
