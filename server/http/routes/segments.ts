import { BUILT_IN_SEGMENTS, SegmentDraft, type SegmentCounts, type SegmentPreview } from '../../../shared/schemas/segment-preview.ts';
import { countDraft } from '../../domain/segment-preview.ts';
import { suppress } from '../../wire.ts';
import { HttpProblem } from '../errors.ts';
import { route } from '../route.ts';

/** Segment counts for the panel: every number K-suppressed, like the screens'. */
export const segmentRoutes = [
  route({
    method: 'get',
    path: '/api/segments/live',
    roles: ['operator'],
    handler: ({ services }): SegmentCounts => {
      const k = services.config.k;
      const mall = services.presence.counts().mall;
      const m = services.mall.record;
      const ids = [
        'all',
        ...BUILT_IN_SEGMENTS,
        ...m.interests.map((i) => `interest:${i.id}`),
        ...m.areas.map((a) => `area:${a.id}`),
        ...services.promotions.customSegments.map((c) => c.id),
      ];
      return { k, at: new Date().toISOString(), counts: Object.fromEntries(ids.map((id) => [id, suppress(mall.get(id), k)])) };
    },
  }),
  route({
    method: 'post',
    path: '/api/segments/preview',
    roles: ['operator'],
    body: SegmentDraft,
    handler: ({ services, body }): SegmentPreview => {
      for (const [i, c] of body.conditions.entries()) {
        if (c.kind === 'zoneVisited' && !services.mall.zoneExists(c.zoneId)) throw new HttpProblem(400, 'no such zone', `conditions.${i}.zoneId`);
      }
      const k = services.config.k;
      return { k, count: suppress(countDraft(body, services.presence.presentIds(), (id) => services.shoppers.get(id)), k) };
    },
  }),
];
