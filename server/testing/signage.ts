import { randomBytes, randomUUID } from 'node:crypto';
import type { DeviceRecord } from '../storage/records.ts';
import type { Services } from '../services.ts';
import { enrolBody } from './enrol.ts';
import type { ClientSocket } from './test-hub.ts';
import { request } from './test-hub.ts';

/** A 7-byte NFC UID as a reader types it: a fresh card each call. */
export const newCardUid = () => `AB${randomBytes(6).toString('hex').toUpperCase()}`;

/**
 * Taps a new card at the kiosk and joins through the real socket events; resolves with the enrol
 * ack itself (callers assert on `ok`). For the greeting alone, see enrolByTap in ./enrol.ts.
 */
export async function enrolShopper(
  kiosk: ClientSocket,
  profile: { interests?: string[]; analytics?: boolean; card?: string } = {},
): Promise<{ ok: boolean; data?: { passId: string }; error?: string }> {
  const tap = await request<any>(kiosk, 'checkin:tap', { visitId: randomUUID(), card: profile.card ?? newCardUid() });
  if (!tap.ok || tap.data.status !== 'unknown') throw new Error(`unexpected tap: ${JSON.stringify(tap)}`);
  return request(kiosk, 'shopper:enrol', enrolBody(tap.data.enrolTicket, { consents: { analytics: profile.analytics ?? true }, ...(profile.interests ? { interests: profile.interests } : {}) }));
}

/**
 * Pairs many devices without the per-address pairing-offer limit (which the real flow, rightly,
 * enforces): each offer names its own requester. The claim and the token are the real ones.
 */
export async function pairMany(services: Services, kind: 'kiosk' | 'screen', zoneId: string, n: number): Promise<{ token: string; device: DeviceRecord }[]> {
  const out: { token: string; device: DeviceRecord }[] = [];
  for (let i = 0; i < n; i++) {
    const offer = await services.devices.offer(kind, `test-${randomUUID()}`);
    // The token reaches only the paired event; the listener goes whether or not the claim succeeds.
    let paired = undefined as { token: string; device: DeviceRecord } | undefined;
    const on = (e: { pairingId: string; token: string; device: DeviceRecord }) => {
      if (e.pairingId === offer.pairingId) paired = { token: e.token, device: e.device };
    };
    services.bus.on('device.paired', on);
    try {
      await services.devices.claim({ code: offer.code, name: `${kind} ${zoneId} ${i} ${offer.pairingId.slice(0, 6)}`, zoneId }, 'test');
    } finally {
      services.bus.off('device.paired', on);
    }
    if (!paired) throw new Error(`pairing ${offer.pairingId}: claimed but no device.paired event`);
    out.push(paired);
  }
  return out;
}

/** Taps a new card at the kiosk and joins in `language` with analytics consent: one more `lang:<language>` shopper present. */
export async function enrolShopperIn(kiosk: ClientSocket, language: string): Promise<void> {
  const tap = await request<any>(kiosk, 'checkin:tap', { visitId: randomUUID(), card: newCardUid() });
  if (!tap.ok || tap.data.status !== 'unknown') throw new Error(`unexpected tap: ${JSON.stringify(tap)}`);
  const joined = await request<any>(kiosk, 'shopper:enrol', enrolBody(tap.data.enrolTicket, { language: language as 'en' }));
  if (!joined.ok) throw new Error(`enrol in ${language}: ${JSON.stringify(joined)}`);
}
