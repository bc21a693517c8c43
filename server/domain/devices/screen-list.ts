/**
 * The Screens list on the hub: every screen's live status (mapped through signage/wire.ts), filtered,
 * searched, sorted and cut to one page, so the panel holds 50 rows however many screens the mall has.
 */
import type { ListPage } from '#shared/schemas/list.ts';
import type { ScreenFilter, ScreenPageQuery, ScreenSort } from '#shared/schemas/screen-list.ts';
import type { ScreenStatus } from '#shared/schemas/screens.ts';
import { screenOrientation, screenSortValue, screenState } from '#shared/screen-state.ts';
import type { Services } from '#server/services.ts';
import type { Principal } from '../accounts/principal.ts';
import { DomainError, invalid } from '../core/errors.ts';
import { screenStatuses } from './ops-board.ts';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** The Screens list is the operators' business: anyone else is refused here, whatever the transport let through. */
export function assertOperator(who: Principal | null): void {
  if (who?.role !== 'operator') throw new DomainError('forbidden', 'only operators manage screens');
}

/**
 * A filter may only name the mall's own zones and groups.
 * @throws DomainError invalid (field `<at>zone` or `<at>group`) for one the mall does not have
 */
export function checkFilter(services: Services, filter: ScreenFilter, at = ''): void {
  if (filter.zone && !services.mall.record.zones.some((z) => z.id === filter.zone)) throw invalid('no such zone', `${at}zone`);
  if (filter.group && !services.screenGroups.get(filter.group)) throw invalid('no such screen group', `${at}group`);
}

/** What the list needs besides the statuses: the mall's zone names and the groups' names and members. */
interface ListContext {
  zoneName: (id: string) => string;
  groupsOf: (screenId: string) => { id: string; name: string }[];
}

function contextOf(services: Services): ListContext {
  const zones = new Map(services.mall.record.zones.map((z) => [z.id, z.name]));
  const groups = new Map<string, { id: string; name: string }[]>();
  for (const g of services.screenGroups.list()) for (const s of g.screens) (groups.get(s) ?? groups.set(s, []).get(s)!).push({ id: g.id, name: g.name });
  return { zoneName: (id) => zones.get(id) ?? id, groupsOf: (id) => groups.get(id) ?? [] };
}

/** The screens (as statuses) a filter matches, in no particular order. */
export function matching(statuses: readonly ScreenStatus[], filter: ScreenFilter, ctx: ListContext): ScreenStatus[] {
  const words = (filter.q ?? '').trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return statuses.filter((s) => {
    if (filter.zone && s.zoneId !== filter.zone) return false;
    if (filter.group && !ctx.groupsOf(s.screenId).some((g) => g.id === filter.group)) return false;
    if (filter.status && screenState(s) !== filter.status) return false;
    if (filter.orientation && screenOrientation(s) !== filter.orientation) return false;
    if (words.length === 0) return true;
    const text = `${s.name} ${ctx.zoneName(s.zoneId)} ${ctx.groupsOf(s.screenId).map((g) => g.name).join(' ')}`.toLocaleLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** Sorted by `sort` either way; ties by name, then id, so a page never reshuffles by chance. */
export function sorted(rows: readonly ScreenStatus[], sort: ScreenSort, dir: 'ascending' | 'descending', ctx: ListContext): ScreenStatus[] {
  const sign = dir === 'ascending' ? 1 : -1;
  const keyed = rows.map((s) => ({ s, k: screenSortValue(s, sort, ctx.zoneName) }));
  keyed.sort(
    (a, b) =>
      sign * (typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : collator.compare(String(a.k), String(b.k))) ||
      collator.compare(a.s.name, b.s.name) ||
      (a.s.screenId < b.s.screenId ? -1 : a.s.screenId > b.s.screenId ? 1 : 0),
  );
  return keyed.map((x) => x.s);
}

/**
 * One page of the mall's screens with their live status: `query` filters (zone, group, state,
 * orientation), searches (`q`), sorts (default: state, offline first, then name) and pages (from
 * 0; past the end gives the last page). `total` counts every screen that matches.
 * @throws DomainError 'forbidden' for anyone but an operator; invalid for an unknown zone or group (see checkFilter)
 */
export function screenPage(services: Services, who: Principal | null, query: ScreenPageQuery): ListPage<ScreenStatus> {
  assertOperator(who);
  const { sort = 'status', dir = 'ascending', page, pageSize, ...filter } = query;
  checkFilter(services, filter);
  const ctx = contextOf(services);
  const rows = sorted(matching(screenStatuses(services), filter, ctx), sort, dir, ctx);
  const pageCount = Math.max(1, Math.ceil(rows.length / pageSize));
  const at = Math.min(page, pageCount - 1);
  return { rows: rows.slice(at * pageSize, (at + 1) * pageSize), total: rows.length, page: at, pageSize };
}

/** The ids of every screen a filter matches now, for a bulk action by filter. */
export function screenIdsMatching(services: Services, filter: ScreenFilter): { screenId: string; name: string }[] {
  return matching(screenStatuses(services), filter, contextOf(services)).map((s) => ({ screenId: s.screenId, name: s.name }));
}
