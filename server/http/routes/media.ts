import { join } from 'node:path';
import { mallDir } from '#server/config.ts';
import { MAX_IMAGE_BYTES, storeImage } from '#server/domain/signage/media.ts';
import { readUpload } from '../read-upload.ts';
import { route } from '../route.ts';

/** Promotion images, uploaded by operators and served from /media with cache headers. */
export const mediaRoutes = [
  route({
    method: 'post',
    path: '/api/media',
    roles: ['operator', 'editor'],
    audit: { action: 'media.upload', targetOfResult: (_ctx, result) => (result as { url: string }).url },
    handler: async ({ services, req, res }): Promise<{ url: string }> => {
      const bytes = await readUpload(req, MAX_IMAGE_BYTES, 'image');
      const url = await storeImage(join(mallDir(services.config), 'media'), bytes, req.headers['content-type']);
      res.status(201);
      return { url };
    },
  }),
];
