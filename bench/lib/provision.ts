import { newId, newToken, sha256 } from '#server/domain/core/ids.ts';
import type { DeviceRecord } from '#server/storage/records.ts';

export interface ProvisionedDevice {
  id: string;
  kind: 'kiosk' | 'screen';
  zoneId: string;
  token: string;
}

/**
 * Devices paired ahead of time, the way an installer provisions a fleet: a device record with the
 * token's hash goes into devices.json; the token goes to the device (here: the bench). This skips
 * the pairing-code flow and its per-address rate limits without weakening either.
 */
export function provisionDevices(kind: 'kiosk' | 'screen', count: number, zones: readonly string[], at: string): { records: DeviceRecord[]; devices: ProvisionedDevice[] } {
  const records: DeviceRecord[] = [];
  const devices: ProvisionedDevice[] = [];
  for (let i = 0; i < count; i++) {
    const token = newToken();
    const zoneId = zones[i % zones.length];
    const id = newId();
    records.push({ id, kind, name: `bench ${kind} ${i + 1}`, zoneId, tokenHash: sha256(token), pairedAt: at });
    devices.push({ id, kind, zoneId, token });
  }
  return { records, devices };
}
