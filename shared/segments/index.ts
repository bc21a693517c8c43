import type { CustomSegment } from '../schemas/segments.ts';
import { builtinSegments } from './builtin.ts';
import { matchesCustom } from './custom.ts';
import type { ShopperSummary } from './summary.ts';

export * from './builtin.ts';
export * from './custom.ts';
export * from './summary.ts';

/** All segment ids (built-in and custom) the shopper belongs to at `now`. */
export function segmentsOf(s: ShopperSummary, now: number, custom: readonly CustomSegment[] = []): string[] {
  const ids = builtinSegments(s, now);
  for (const c of custom) if (matchesCustom(c, s, now)) ids.push(c.id);
  return ids;
}
