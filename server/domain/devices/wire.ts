/** Devices as the panel and the devices themselves see them, mapped explicitly from storage records. */
import { READER_DEFAULTS } from '#shared/cards.ts';
import { KIOSK_DEFAULTS, rotationFromOrientation, type Device, type Rotation } from '#shared/schemas/devices.ts';
import type { KioskStatus } from '#shared/schemas/ops.ts';
import type { ReaderSettings } from '#shared/schemas/reader.ts';
import type { Language } from '#shared/schemas/shoppers.ts';
import type { DeviceRecord } from '#server/storage/records.ts';
import type { KioskHealth } from './kiosk-health.ts';
import { isOutdated } from '#shared/build.ts';

export const toDevice = (d: DeviceRecord, online: boolean): Device => ({
  id: d.id,
  kind: d.kind,
  name: d.name,
  zoneId: d.zoneId,
  pairedAt: d.pairedAt,
  revoked: !!d.revokedAt,
  online,
  rotation: rotationOf(d),
  ...(d.kind === 'kiosk'
    ? {
        kiosk: {
          idleSeconds: d.idleSeconds ?? KIOSK_DEFAULTS.idleSeconds,
          languages: [...((d.languages as Language[] | undefined) ?? KIOSK_DEFAULTS.languages)],
          reader: readerOf(d),
        },
      }
    : {}),
});

/** `hubBuild`: the build the hub serves now, to tell a kiosk still running an older one. */
export function toKioskStatus(d: DeviceRecord, health: KioskHealth, online: boolean, hubBuild: string): KioskStatus {
  const { lastSeenAt, queued, notKept, build } = health.of(d.id);
  return {
    kioskId: d.id,
    name: d.name,
    zoneId: d.zoneId,
    online,
    lastSeenAt: lastSeenAt === null ? null : new Date(lastSeenAt).toISOString(),
    queued,
    notKept,
    build,
    outdated: isOutdated(build, hubBuild),
  };
}

/** A screen's rotation; a record from before rotation existed keeps its 'portrait' as 90°. */
export const rotationOf = (d: DeviceRecord): Rotation => d.rotation ?? rotationFromOrientation(d.orientation);

/** A kiosk's card reader settings, the defaults where the operator set none: applied to every card from it. */
export const readerOf = (d: DeviceRecord): ReaderSettings => ({ ...READER_DEFAULTS, ...d.reader });
