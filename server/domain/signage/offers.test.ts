import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCard } from '#server/testing/cards.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';

describe('offers at the kiosk’s welcome', () => {
  let hub: TestHub;
  let kiosk: ClientSocket;
  beforeAll(async () => {
    hub = await startTestHub();
    kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'food-court')).token });
  });
  afterAll(() => hub.stop());

  async function join(n: number, analytics: boolean) {
    const enrol = await enrolByTap(kiosk, testCard(n), { consents: { analytics }, interests: ['coffee'] });
    const back = await request<any>(kiosk, 'checkin:tap', { visitId: randomUUID(), card: testCard(n) });
    return { enrol, back: back.data.shopper };
  }

  it('picks offers by segment for a shopper who agreed to analytics', async () => {
    const { enrol, back } = await join(1, true);
    expect(enrol.offers?.[0]).toEqual({ id: expect.any(String), title: 'Flat white, half price', text: expect.any(String), shop: 'Bean There Coffee' });
    expect(back.offers.map((o: { title: string }) => o.title)).toContain('Flat white, half price');
    // House content is for screens, not offers.
    expect(back.offers.map((o: { title: string }) => o.title)).not.toContain('Welcome to Riverside Galleria');
  });

  it('uses nothing about a shopper who did not', async () => {
    const { enrol, back } = await join(2, false);
    expect(enrol.targeted).toBe(false);
    for (const offers of [enrol.offers, back.offers]) {
      expect(offers.map((o: { title: string }) => o.title)).not.toContain('Flat white, half price');
    }
  });
});
