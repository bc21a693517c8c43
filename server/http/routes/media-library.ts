import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Id } from '#shared/schemas/common.ts';
import { MediaEdit, MediaLimitsInput, type MediaLimits, MediaListQuery, MediaUploadQuery, parseTags, type MediaItem, type MediaLibrary } from '#shared/schemas/media.ts';
import type { MediaRecord } from '#server/storage/records.ts';
import { toMediaItem } from '#server/domain/media/wire.ts';
import type { Services } from '#server/services.ts';
import { HttpProblem } from '../errors.ts';
import { readUploadToFile } from '../read-upload.ts';
import { route } from '../route.ts';

const idOf = (params: Record<string, string>): string => {
  const parsed = Id.safeParse(params.id);
  if (!parsed.success) throw new HttpProblem(400, 'bad media id', 'id');
  return parsed.data;
};

const itemOf = (services: Services, m: MediaRecord): MediaItem => toMediaItem(m, services.media.usedBy(m.id), services.media.loopsUsing(m.id));

/** Where an upload is written while it is checked: a dot-name, so backups and listings skip it. */
const tmpFor = (services: Services) => join(services.media.dir, `.upload-${randomUUID()}.tmp`);

/** The media library: upload once (checked by content), use by id in promotions and layouts. */
export const mediaLibraryRoutes = [
  route({
    method: 'get',
    path: '/api/media/items',
    roles: ['operator', 'editor'],
    query: MediaListQuery,
    handler: ({ services, query }): MediaLibrary => ({ items: services.media.list(query).map((m) => itemOf(services, m)), limits: services.media.limits }),
  }),
  route({
    method: 'post',
    path: '/api/media/items',
    roles: ['operator', 'editor'],
    query: MediaUploadQuery,
    audit: { action: 'media.add', targetOfResult: (_ctx, result) => (result as MediaItem).id },
    handler: async ({ services, query, req, res }): Promise<MediaItem> => {
      const tags = parseTags(query.tags);
      if (!tags.success) throw new HttpProblem(400, `bad tag: ${tags.error.issues[0]?.message ?? 'invalid'}`, 'tags');
      const upload = await readUploadToFile(req, tmpFor(services), services.media.maxUploadBytes, 'file');
      const { item, created } = await services.media.upload(upload, { name: query.name ?? 'Untitled', tags: tags.data });
      res.status(created ? 201 : 200);
      return itemOf(services, item);
    },
  }),
  route({
    method: 'patch',
    path: '/api/media/items/:id',
    roles: ['operator', 'editor'],
    body: MediaEdit,
    audit: { action: 'media.edit' },
    handler: async ({ services, params, body }): Promise<MediaItem> => itemOf(services, await services.media.edit(idOf(params), body as { name: string; tags: string[] })),
  }),
  route({
    method: 'put',
    path: '/api/media/items/:id/file',
    roles: ['operator', 'editor'],
    audit: { action: 'media.replace' },
    handler: async ({ services, params, req }): Promise<MediaItem> => {
      const id = idOf(params);
      if (!services.media.get(id)) throw new HttpProblem(404, 'no such media item', 'id');
      const upload = await readUploadToFile(req, tmpFor(services), services.media.maxUploadBytes, 'file');
      return itemOf(services, await services.media.replace(id, upload));
    },
  }),
  route({
    method: 'delete',
    path: '/api/media/items/:id',
    roles: ['operator', 'editor'],
    audit: { action: 'media.delete' },
    handler: async ({ services, params }): Promise<MediaItem> => toMediaItem(await services.media.delete(idOf(params)), []),
  }),
  route({
    method: 'get',
    path: '/api/media/limits',
    roles: ['operator', 'editor'],
    handler: ({ services }): MediaLimits => services.media.limits,
  }),
  route({
    method: 'put',
    path: '/api/media/limits',
    roles: ['operator'],
    body: MediaLimitsInput,
    audit: { action: 'media.limits' },
    handler: ({ services, body }): Promise<MediaLimits> => services.media.setLimits(body as MediaLimitsInput),
  }),
];
