import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { enrolBody } from './testing/enrol.ts';
import { testHubForBlock } from './testing/operator-hub.ts';
import { request } from './testing/test-hub.ts';

describe('hub: pairing, check-in and live presence', () => {
  const hub = testHubForBlock({ k: 2 });

  it('pairs a kiosk, enrols two cards and pushes the present count to a screen', async () => {
    const kiosk = await hub().pair('kiosk', 'food-court');
    const screen = await hub().pair('screen', 'food-court');
    const kioskSocket = await hub().socket({ token: kiosk.token });
    const screenSocket = await hub().socket({ token: screen.token });
    const updates: (number | null)[] = [];
    // A screen hears its own zone's count (the kiosk is in the same zone).
    screenSocket.on('zone-count:update', (u) => updates.push(u.count));

    for (const card of ['4111111111111111', '5500005555555559']) {
      const tap = await request<any>(kioskSocket, 'checkin:tap', { visitId: randomUUID(), card });
      expect(tap.ok).toBe(true);
      expect(tap.data.status).toBe('unknown');
      const enrol = await request<any>(kioskSocket, 'shopper:enrol', enrolBody(tap.data.enrolTicket));
      expect(enrol.ok).toBe(true);
      expect(enrol.data.visitCount).toBe(1);
    }
    await expect.poll(() => updates.at(-1)).toBe(2);

    // Tapped again while here: greeted, and still on the one visit (a read is not an arrival).
    const again = await request<any>(kioskSocket, 'checkin:tap', { visitId: randomUUID(), card: '4111 1111 1111 1111' });
    expect(again.data).toMatchObject({ status: 'welcome', shopper: { visitCount: 1 } });
  });
});
