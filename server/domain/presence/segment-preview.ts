import { matchesCustom } from '#shared/segments/index.ts';
import type { SegmentDraft } from '#shared/schemas/segment-preview.ts';
import type { ShopperRecord } from '#server/storage/records.ts';
import { summaryOf } from './segments.ts';

/**
 * How many present shoppers a draft segment would hold now. Shoppers without analytics consent
 * are never counted, as in every live count; the caller suppresses below K. `now`: the hub's
 * clock (epoch ms), for conditions on age and time since joining.
 */
export function countDraft(draft: SegmentDraft, presentIds: Iterable<string>, shopperOf: (id: string) => ShopperRecord | undefined, now: number): number {
  const segment = { id: 'custom:draft', name: 'draft', ...draft };
  let n = 0;
  for (const id of presentIds) {
    const s = shopperOf(id);
    if (s?.consent.analytics && matchesCustom(segment, summaryOf(s), now)) n++;
  }
  return n;
}
