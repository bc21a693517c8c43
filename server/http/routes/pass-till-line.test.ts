import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { enrolByTap } from '#server/testing/enrol.ts';
import { testHubForBlock } from '#server/testing/operator-hub.ts';
import { newCardUid } from '#server/testing/signage.ts';

/**
 * The pass page said "1 visit" over two lines, one of them a till scan, both named only by zone:
 * the till line names the shop, so the list reads as what happened in that one visit.
 */
describe('the pass page’s recent lines name a till scan’s shop', () => {
  const hub = testHubForBlock({ k: 2, timezone: 'UTC' });

  it('one visit: the kiosk check-in by zone, the till scan by shop', async () => {
    const kiosk = await hub().socket({ token: (await hub().pair('kiosk', 'entrance')).token });
    const { passId } = await enrolByTap(kiosk, newCardUid(), { consents: { analytics: true } });
    const bean = await hub().login('bean-there', 'atrium-demo');
    expect((await hub().api('/api/till/visits', { cookie: bean, body: { visitId: randomUUID(), passId } })).body).toMatchObject({ recorded: true });
    const view = (await hub().api(`/api/pass/${passId}`)).body;
    expect(view.visitCount).toBe(1);
    expect(view.recentVisits).toHaveLength(2);
    expect(view.recentVisits[0]).toMatchObject({ shop: 'Bean There Coffee' });
    expect(view.recentVisits[1].shop).toBeUndefined();
  });
});
