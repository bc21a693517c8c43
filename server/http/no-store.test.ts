import { beforeAll, describe, expect, it } from 'vitest';
import { testCard } from '#server/testing/cards.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { enrolByTap } from '#server/testing/enrol.ts';

// A browser, a proxy or a shared computer must not keep a copy of anyone's personal data.
describe('responses with personal data are never stored by a cache', () => {
  const mall = operatorHub();
  let passId: string;

  beforeAll(async () => {
    const { hub, cookie } = mall;
    const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'fashion', undefined, cookie)).token });
    const enrol = await enrolByTap(kiosk, testCard(31), { consents: { marketing_email: true }, firstName: 'Maja', email: 'maja@example.org' });
    passId = enrol.passId;
  });

  it('operators’ shopper views: search, record, export', async () => {
    const { hub, cookie } = mall;
    for (const path of [`/api/shoppers?q=${encodeURIComponent('maja@example.org')}`, `/api/shoppers/${passId}`, `/api/shoppers/${passId}/export`]) {
      const res = await hub.api(path, { cookie });
      expect(res.status, path).toBe(200);
      expect(JSON.stringify(res.body), path).toContain('Maja');
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
  });

  it('the pass page’s API: view, consent and language changes, export', async () => {
    const { hub } = mall;
    const answers = [
      await hub.api(`/api/pass/${passId}`),
      await hub.api(`/api/pass/${passId}/consents`, { body: { purpose: 'marketing_sms', granted: false, language: 'en', consentTextVersion: '2026-11-v1' } }),
      await hub.api(`/api/pass/${passId}/language`, { body: { language: 'en' } }),
      await hub.api(`/api/pass/${passId}/export`),
    ];
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).toContain('Maja');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('every other API answer too, errors included', async () => {
    const { hub, cookie } = mall;
    for (const res of [await hub.api('/api/users', { cookie }), await hub.api('/api/audit', { cookie }), await hub.api('/api/shoppers/nobody', { cookie })]) {
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });
});
