import type { MallList } from '#shared/schemas/mall.ts';
import type { CustomSegmentRecord, DeviceRecord, MallRecord, PromotionRecord } from '#server/storage/records.ts';

/** Where the things that may refer to a list item are read from. */
export interface MallReferrers {
  promotions: () => readonly PromotionRecord[];
  segments: () => readonly CustomSegmentRecord[];
  devices: () => readonly DeviceRecord[];
}

/** The built-in segment prefix and the profile field that name an item of each list other than zones. */
const SEGMENT_OF = {
  interests: ['interest', 'interests'],
  areas: ['area', 'homeArea'],
  ageBands: ['age', 'ageBand'],
} as const;

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
const named = (what: string, names: readonly string[]) => (names.length ? `${plural(names.length, what)} (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})` : null);

/**
 * What still refers to an item of the mall's lists, in words for the operator: promotions that
 * target it (by zone or by its `interest:` / `area:` / `age:` segment; archived ones do not count), custom
 * segments whose conditions name it, devices (not revoked) and shops standing in a zone. Empty
 * when it may be removed. Shoppers who chose an interest, area or age band keep it in their profile.
 */
export function usesOf(list: MallList, id: string, mall: MallRecord, from: MallReferrers): string[] {
  const live = from.promotions().filter((p) => p.status !== 'archived');
  const segments = from.segments();
  let promotions: string[] = [];
  let customSegments: string[] = [];
  const others: (string | null)[] = [];
  if (list === 'zones') {
    promotions = live.filter((p) => p.zones.includes(id)).map((p) => p.title);
    customSegments = segments.filter((s) => s.conditions.some((c) => c.kind === 'zoneVisited' && c.zoneId === id)).map((s) => s.name);
    others.push(named('device', from.devices().filter((d) => d.zoneId === id && !d.revokedAt).map((d) => d.name)));
    others.push(named('shop', mall.tenants.filter((t) => t.zoneId === id).map((t) => t.name)));
  } else {
    const [prefix, field] = SEGMENT_OF[list];
    promotions = live.filter((p) => p.segments.includes(`${prefix}:${id}`)).map((p) => p.title);
    customSegments = segments
      .filter((s) => s.conditions.some((c) => (c.kind === 'profile' && c.field === field && c.anyOf.includes(id)) || false))
      .map((s) => s.name);
  }
  return [named('promotion', promotions), named('segment', customSegments), ...others].filter((x): x is string => x !== null);
}
