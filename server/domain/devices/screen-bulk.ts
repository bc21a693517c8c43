/**
 * Bulk actions over screens, run on the hub: the panel names the screens by id or by the Screens
 * list's filter ("all 1,204 matching"), so thousands of ids never travel through the browser.
 */
import type { ScreenBulkBody, ScreenBulkResult, ScreenTarget } from '#shared/schemas/screen-list.ts';
import type { Services } from '#server/services.ts';
import type { Principal } from '../accounts/principal.ts';
import { DomainError } from '../core/errors.ts';
import { assertOperator, checkFilter, screenIdsMatching } from './screen-list.ts';

type Failed = ScreenBulkResult['failed'];

/** The screens a target names now, and the ids that name no live screen (refused by name). */
function resolve(services: Services, target: ScreenTarget): { screens: { screenId: string; name: string }[]; failed: Failed } {
  if (target.filter) {
    checkFilter(services, target.filter, 'target.filter.');
    const except = new Set(target.except ?? []);
    return { screens: screenIdsMatching(services, target.filter).filter((s) => !except.has(s.screenId)), failed: [] };
  }
  const screens: { screenId: string; name: string }[] = [];
  const failed: Failed = [];
  for (const id of new Set(target.ids ?? [])) {
    const d = services.devices.get(id);
    if (d && d.kind === 'screen' && !d.revokedAt) screens.push({ screenId: d.id, name: d.name });
    else failed.push({ screenId: id, name: d?.name ?? id, error: d?.revokedAt ? 'already revoked' : 'no such screen' });
  }
  return { screens, failed };
}

/**
 * Reloads, moves or revokes every screen the target names. A revoke or move by filter with
 * `expect` is refused when another number of screens matches now.
 * @returns how many were reached, the refusals by screen, and for a move where each came from
 * @throws DomainError 'forbidden' for anyone but an operator; 'conflict' (field `target.expect`)
 * when the count differs; not_found (field `zoneId`) for a zone the mall does not have
 */
export async function runScreenBulk(services: Services, who: Principal | null, body: ScreenBulkBody): Promise<ScreenBulkResult> {
  assertOperator(who);
  const { screens, failed } = resolve(services, body.target);
  const expect = body.target.expect;
  if (body.action !== 'reload' && expect !== undefined && expect !== screens.length)
    throw new DomainError('conflict', `${screens.length} screens match now, not ${expect}: look at the list again`, 'target.expect');
  const ids = screens.map((s) => s.screenId);
  switch (body.action) {
    case 'reload':
      for (const s of screens) services.bus.emit('screen.reload_requested', { screenId: s.screenId, reason: 'asked from the panel' });
      return { done: screens.length, failed };
    case 'move': {
      const moved = await services.devices.moveMany(ids, body.zoneId);
      const movedFrom: Record<string, string[]> = {};
      for (const m of moved) (movedFrom[m.from] ??= []).push(m.id);
      return { done: screens.length, failed, movedFrom };
    }
    case 'revoke':
      await services.devices.revokeMany(ids);
      return { done: screens.length, failed };
  }
}
