import { z } from 'zod';
import { Id } from './common.ts';
import { ListPageQuery } from './list.ts';

/**
 * A screen's state in one word, as the Screens list filters and sorts by it: `offline` (no fresh
 * heartbeat), `stale` (online, but running an old build or showing other content than it was
 * sent: a reload is due), `online` (online and current).
 */
export const SCREEN_STATES = ['offline', 'stale', 'online'] as const;
export type ScreenState = (typeof SCREEN_STATES)[number];

/** How a screen's content stands: wider than tall, or taller than wide (its window turned by its rotation). */
export const ORIENTATIONS = ['landscape', 'portrait'] as const;
export type Orientation = (typeof ORIENTATIONS)[number];

/** The columns the Screens list sorts by on the hub; the default is `status` (offline first), then name. */
export const SCREEN_SORTS = ['name', 'zone', 'status', 'lastSeen', 'app', 'showing', 'content', 'latency', 'cache'] as const;
export type ScreenSort = (typeof SCREEN_SORTS)[number];

/**
 * Which screens a list or a bulk action is about. Every field narrows; none means every screen.
 * `q`: words each screen's name, zone name or group names contain (any order, case-insensitive).
 */
export const ScreenFilter = z.strictObject({
  q: ListPageQuery.q,
  zone: Id.optional(),
  group: Id.optional(),
  status: z.enum(SCREEN_STATES).optional(),
  orientation: z.enum(ORIENTATIONS).optional(),
});
export type ScreenFilter = z.infer<typeof ScreenFilter>;

/** GET /api/screens/page: the filter, a sort and one page (see list.ts). */
export const ScreenPageQuery = ScreenFilter.extend({ ...ListPageQuery, sort: z.enum(SCREEN_SORTS).optional() });
export type ScreenPageQuery = z.infer<typeof ScreenPageQuery>;

/** At most this many screens named one by one in a bulk action (more go by filter). */
export const MAX_BULK_IDS = 5_000;

/**
 * The screens a bulk action reaches: the ticked ones by id, or every screen the filter matches
 * when the action runs (`except`: ticks taken off after "select all matching"). `expect`: how many
 * the panel said it would act on; a destructive action is refused (409, field `expect`) when the
 * hub finds another number, so an operator never revokes more than they were asked about.
 */
export const ScreenTarget = z
  .strictObject({
    ids: z.array(Id).min(1, 'tick at least one screen').max(MAX_BULK_IDS).optional(),
    filter: ScreenFilter.optional(),
    except: z.array(Id).max(MAX_BULK_IDS).optional(),
    expect: z.number().int().min(0).optional(),
  })
  .refine((t) => (t.ids === undefined) !== (t.filter === undefined), { message: 'name the screens by ids or by a filter, not both', path: ['ids'] })
  .refine((t) => t.filter !== undefined || t.except === undefined, { message: 'only a filter has exceptions', path: ['except'] });
export type ScreenTarget = z.infer<typeof ScreenTarget>;

/** POST /api/screens/bulk: one action over many screens, run on the hub. */
export const ScreenBulkBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('reload'), target: ScreenTarget }),
  z.strictObject({ action: z.literal('move'), zoneId: Id, target: ScreenTarget }),
  z.strictObject({ action: z.literal('revoke'), target: ScreenTarget }),
]);
export type ScreenBulkBody = z.infer<typeof ScreenBulkBody>;

/**
 * What a bulk action did: how many screens it reached, each refusal by screen, and for a move the
 * zone each moved screen came from (zone id → screen ids), so the panel can undo it.
 */
export interface ScreenBulkResult {
  done: number;
  failed: { screenId: string; name: string; error: string }[];
  movedFrom?: Record<string, string[]>;
}
