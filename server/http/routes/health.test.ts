import { describe, expect, it } from 'vitest';
import { operatorHub } from '#server/testing/operator-hub.ts';

describe('health', () => {
  const mall = operatorHub();

  it('tells anyone up/ready and versions, and only an operator the counts', async () => {
    const { hub, cookie } = mall;
    const anyone = await hub.api('/api/health');
    expect(anyone.status).toBe(200);
    expect(anyone.body).toMatchObject({ status: 'ok', version: expect.any(String), reports: expect.stringMatching(/^(warming|ready)$/) });
    expect(anyone.body).not.toHaveProperty('counts');
    const shop = await hub.api('/api/health', { cookie: await hub.login('bean-there', 'atrium-demo') });
    expect(shop.body).not.toHaveProperty('counts');
    const kiosk = await hub.api('/api/health', { token: (await hub.pair('kiosk', 'entrance', 'Kiosk', cookie)).token });
    expect(kiosk.body).not.toHaveProperty('counts');
    const operator = await hub.api('/api/health', { cookie });
    expect(operator.body.counts).toMatchObject({ shoppers: expect.any(Number), visits: expect.any(Number), present: expect.any(Number) });
  });
});
