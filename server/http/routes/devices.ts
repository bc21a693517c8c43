import { z } from 'zod';
import { Id } from '#shared/schemas/common.ts';
import { DeviceSettingsBody, PairDeviceBody, type Device } from '#shared/schemas/devices.ts';
import { principalName } from '#server/domain/accounts/principal.ts';
import { toDevice } from '#server/domain/devices/wire.ts';
import { HttpProblem } from '../errors.ts';
import { route } from '../route.ts';

const DeviceParams = z.object({ id: Id });

export const deviceRoutes = [
  route({
    method: 'get',
    path: '/api/devices',
    roles: ['operator'],
    handler: ({ services }): Device[] => services.devices.list().map((d) => toDevice(d, services.devices.isOnline(d.id))),
  }),
  route({
    method: 'post',
    path: '/api/devices/pair',
    roles: ['operator'],
    body: PairDeviceBody,
    audit: { action: 'device.pair', targetOfResult: (_ctx, result) => (result as Device).id },
    handler: async ({ services, body, principal }): Promise<Device> => {
      const device = await services.devices.claim(body, principalName(principal!));
      return toDevice(device, services.devices.isOnline(device.id));
    },
  }),
  route({
    method: 'post',
    path: '/api/devices/:id/revoke',
    roles: ['operator'],
    audit: { action: 'device.revoke' },
    handler: async ({ services, params }): Promise<Device> => {
      const parsed = DeviceParams.safeParse(params);
      if (!parsed.success) throw new HttpProblem(400, 'bad device id', 'id');
      const device = await services.devices.revoke(parsed.data.id);
      return toDevice(device, false);
    },
  }),
  route({
    method: 'post',
    path: '/api/devices/:id/settings',
    roles: ['operator'],
    body: DeviceSettingsBody,
    audit: { action: 'device.update' },
    handler: async ({ services, params, body }): Promise<Device> => {
      const parsed = DeviceParams.safeParse(params);
      if (!parsed.success) throw new HttpProblem(400, 'bad device id', 'id');
      const device = await services.devices.update(parsed.data.id, body);
      return toDevice(device, services.devices.isOnline(device.id));
    },
  }),
  route({
    method: 'get',
    path: '/api/device/me',
    roles: ['kiosk', 'screen'],
    handler: ({ services, principal }): Device => {
      if (!principal || !('device' in principal)) throw new Error('unreachable');
      return toDevice(principal.device, services.devices.isOnline(principal.device.id));
    },
  }),
];
