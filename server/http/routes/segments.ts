import type { LiveSegments } from '#shared/schemas/ops.ts';
import { SegmentDraft, type SegmentPreview } from '#shared/schemas/segment-preview.ts';
import { liveSegments } from '#server/domain/devices/ops-board.ts';
import { CustomSegmentEdit, CustomSegmentId, SegmentId, type CustomSegment } from '#shared/schemas/segments.ts';
import { countDraft } from '#server/domain/presence/segment-preview.ts';
import { checkConditions } from '#server/domain/signage/promotions.ts';
import { suppress } from '#server/domain/presence/wire.ts';
import { HttpProblem } from '../errors.ts';
import { route } from '../route.ts';

/**
 * The custom segment named by the path. Built-in ones (new, interest:coffee, …) come from the
 * mall's own lists and visit rules: they are refused with 403, not looked up.
 */
function customIdOf(params: Record<string, string>): string {
  const id = CustomSegmentId.safeParse(params.id);
  if (id.success) return id.data;
  if (SegmentId.safeParse(params.id).success) throw new HttpProblem(403, 'built-in segments cannot be changed or deleted', 'id');
  throw new HttpProblem(404, 'no such segment', 'id');
}

/** Segment counts for the panel: every number K-suppressed, like the screens'. */
export const segmentRoutes = [
  route({
    method: 'get',
    path: '/api/segments/live',
    roles: ['operator', 'editor'],
    handler: ({ services }): LiveSegments => liveSegments(services),
  }),
  route({
    method: 'post',
    path: '/api/segments/preview',
    roles: ['operator'],
    body: SegmentDraft,
    handler: ({ services, body }): SegmentPreview => {
      checkConditions(services.mall, body.conditions);
      const k = services.config.k;
      return { k, count: suppress(countDraft(body, services.presence.presentIds(), (id) => services.shoppers.get(id), services.now()), k) };
    },
  }),
  route({
    method: 'put',
    path: '/api/segments/:id',
    roles: ['operator'],
    body: CustomSegmentEdit,
    audit: { action: 'segment.update' },
    handler: async ({ services, body, params }): Promise<CustomSegment> => services.promotions.updateSegment(customIdOf(params), body),
  }),
  route({
    method: 'delete',
    path: '/api/segments/:id',
    roles: ['operator'],
    audit: { action: 'segment.delete' },
    handler: async ({ services, params }): Promise<CustomSegment> => services.promotions.deleteSegment(customIdOf(params)),
  }),
];
