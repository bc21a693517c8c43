import { Id } from '#shared/schemas/common.ts';
import { ScreenGroupInput, type ScreenGroup } from '#shared/schemas/screen-groups.ts';
import { MallNightBody, ScreenLayoutBody, type NightState, type ScreenLayoutView } from '#shared/schemas/layouts.ts';
import { toScreenGroup, toScreenLayoutView } from '#server/domain/signage/wire.ts';
import type { Services } from '#server/services.ts';
import type { ScreenGroupRecord } from '#server/storage/records.ts';
import { HttpProblem } from '../errors.ts';
import { route } from '../route.ts';

function groupOf(services: Services, params: Record<string, string>): ScreenGroupRecord {
  const id = Id.safeParse(params.id);
  const group = id.success ? services.screenGroups.get(id.data) : undefined;
  if (!group) throw new HttpProblem(404, 'no such screen group', 'id');
  return group;
}

/** The group's screens that are still paired: the ones an action can reach. */
const liveScreensOf = (services: Services, group: ScreenGroupRecord) =>
  group.screens.map((id) => services.devices.get(id)).filter((d) => d?.kind === 'screen' && !d.revokedAt) as NonNullable<ReturnType<Services['devices']['get']>>[];

/**
 * Screen groups ("food court portrait", "entrances") and screens' layouts. Editors read the
 * groups (promotions target them); operators make them, set layouts and act on whole groups.
 */
export const screenGroupRoutes = [
  route({
    method: 'get',
    path: '/api/screen-groups',
    roles: ['operator', 'editor'],
    handler: ({ services }): ScreenGroup[] => services.screenGroups.list().map(toScreenGroup),
  }),
  route({
    method: 'post',
    path: '/api/screen-groups',
    roles: ['operator'],
    body: ScreenGroupInput,
    audit: { action: 'screen_group.create', targetOfResult: (_ctx, result) => (result as ScreenGroup).id },
    handler: async ({ services, body, res }): Promise<ScreenGroup> => {
      res.status(201);
      return toScreenGroup(await services.screenGroups.create(body));
    },
  }),
  route({
    method: 'put',
    path: '/api/screen-groups/:id',
    roles: ['operator'],
    body: ScreenGroupInput,
    audit: { action: 'screen_group.update' },
    handler: async ({ services, body, params }): Promise<ScreenGroup> => toScreenGroup(await services.screenGroups.update(groupOf(services, params).id, body)),
  }),
  route({
    method: 'delete',
    path: '/api/screen-groups/:id',
    roles: ['operator'],
    audit: { action: 'screen_group.delete' },
    handler: async ({ services, params }): Promise<{ ok: true }> => {
      const group = groupOf(services, params);
      const targeting = services.promotions.list().filter((p) => p.status === 'active' && p.groups?.includes(group.id));
      await services.screenGroups.delete(
        group.id,
        targeting.map((p) => p.title),
      );
      return { ok: true };
    },
  }),
  route({
    method: 'post',
    path: '/api/screen-groups/:id/reload',
    roles: ['operator'],
    audit: { action: 'screen_group.reload' },
    handler: ({ services, params }): { screens: number } => {
      const screens = liveScreensOf(services, groupOf(services, params));
      for (const s of screens) services.bus.emit('screen.reload_requested', { screenId: s.id, reason: 'asked from the panel for its group' });
      return { screens: screens.length };
    },
  }),
  route({
    method: 'post',
    path: '/api/screen-groups/:id/identify',
    roles: ['operator'],
    audit: { action: 'screen_group.identify' },
    handler: ({ services, params }): { screens: number } => {
      const screens = liveScreensOf(services, groupOf(services, params));
      for (const s of screens) services.bus.emit('screen.identify_requested', { screenId: s.id, name: s.name });
      return { screens: screens.length };
    },
  }),
  route({
    method: 'get',
    path: '/api/signage/night',
    roles: ['operator'],
    handler: ({ services }): { night: NightState } => ({ night: structuredClone(services.screenGroups.mallNight()) }),
  }),
  route({
    method: 'put',
    path: '/api/signage/night',
    roles: ['operator'],
    body: MallNightBody,
    audit: { action: 'signage.night' },
    handler: async ({ services, body }): Promise<{ night: NightState }> => ({ night: structuredClone(await services.screenGroups.setMallNight(body.night)) }),
  }),
  route({
    method: 'get',
    path: '/api/screens/:id/layout',
    roles: ['operator'],
    handler: ({ services, params }): ScreenLayoutView => toScreenLayoutView(services, liveScreenId(services, params)),
  }),
  route({
    method: 'put',
    path: '/api/screens/:id/layout',
    roles: ['operator'],
    body: ScreenLayoutBody,
    audit: { action: 'screen.layout' },
    handler: async ({ services, params, body }): Promise<ScreenLayoutView> => {
      const id = liveScreenId(services, params);
      await services.screenGroups.setOwnLayout(id, body.layout);
      return toScreenLayoutView(services, id);
    },
  }),
];

function liveScreenId(services: Services, params: Record<string, string>): string {
  const id = Id.safeParse(params.id);
  const screen = id.success ? services.devices.get(id.data) : undefined;
  if (!screen || screen.kind !== 'screen' || screen.revokedAt) throw new HttpProblem(404, 'no such screen', 'id');
  return screen.id;
}
