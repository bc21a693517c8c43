import type { Role } from '#shared/constants.ts';
import type { DeviceRecord } from '#server/storage/records.ts';

/** Who is asking, as established by a session cookie or a device token. */
export type Principal =
  | { role: 'operator' | 'editor'; username: string }
  | { role: 'tenant'; username: string; tenantId: string }
  | { role: 'kiosk' | 'screen'; device: DeviceRecord };

export function principalName(p: Principal): string {
  return 'device' in p ? `${p.role}:${p.device.id}` : `${p.role}:${p.username}`;
}

export const hasRole = (p: Principal | null, roles: readonly Role[]): p is Principal => !!p && roles.includes(p.role);
