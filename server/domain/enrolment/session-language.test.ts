import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolByTap } from '#server/testing/enrol.ts';
import { testCard } from '#server/testing/cards.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';

describe('the language chosen at the kiosk holds for that session; the stored one changes only when the shopper changes it', () => {
  let hub: TestHub;
  let kiosk: ClientSocket;
  let passId: string;
  const card = testCard(555);
  beforeAll(async () => {
    hub = await startTestHub({ k: 2 });
    kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance')).token });
    passId = (await enrolByTap(kiosk, card)).passId;
  });
  afterAll(() => hub.stop());

  it('Kazakh chosen on the attract screen: the welcome back is in Kazakh, by card and by pass', async () => {
    const tap = await request<any>(kiosk, 'checkin:tap', { visitId: randomUUID(), card, language: 'kk' });
    expect(tap.data.shopper.language).toBe('kk');
    const scan = await request<any>(kiosk, 'checkin:pass', { visitId: randomUUID(), passId, language: 'kk' });
    expect(scan.data.shopper.language).toBe('kk');
    // The stored language is the shopper's own, unchanged by a kiosk session.
    expect((await hub.api(`/api/pass/${passId}`)).body.language).toBe('en');
    // No language chosen this session: the stored one.
    expect((await request<any>(kiosk, 'checkin:tap', { visitId: randomUUID(), card })).data.shopper.language).toBe('en');
  });

  it('a language the hub does not know is refused naming the field', async () => {
    expect(await request<any>(kiosk, 'checkin:tap', { visitId: randomUUID(), card, language: 'xx' })).toMatchObject({ ok: false, field: 'language' });
  });

  it('the phone join opens in the kiosk’s language', async () => {
    const link = await request<any>(kiosk, 'join:start', { language: 'hu' });
    expect(link.ok).toBe(true);
    expect(new URL(link.data.url).searchParams.get('lang')).toBe('hu');
  });
});
