import type { DeviceHello } from '#shared/schemas/devices.ts';
import { toDevice } from '#server/domain/devices/wire.ts';
import { toMallSettings } from '#server/domain/mall/wire.ts';
import type { DeviceRecord } from '#server/storage/records.ts';
import type { Services } from '../services.ts';

/** What a device is told when it connects or an operator changes it: itself, the hub's build, the mall's default language. */
export const helloFor = (d: DeviceRecord, online: boolean, services: Services): DeviceHello => ({
  ...toDevice(d, online),
  hubBuild: services.build(),
  defaultLanguage: toMallSettings(services.mall.record, services.config).defaultLanguage,
  ...(d.kind === 'kiosk' ? { hours: services.hours() } : {}),
});
