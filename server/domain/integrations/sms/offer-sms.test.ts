import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PromotionInput } from '#shared/schemas/promotions.ts';
import { OFFER_SMS_MAX_PARTS, offerSmsText, offerSmsWorstCase } from '#shared/sms/offer-sms.ts';
import { smsLength } from '#shared/sms/length.ts';
import { SMS_WORDS } from '#shared/sms/words.ts';
import { testCard } from '#server/testing/cards.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { localSmsc, type SubmittedPart } from '#server/testing/smsc.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';
import { toSmsParts } from './sms-parts.ts';

/**
 * Offer texts (issue 19): a promotion with SMS switched on texts each shopper once who checks in
 * where and while it runs, granted marketing_sms and gave a number, in their language — the offer
 * email's rule, by text, through a real SMPP server on loopback.
 */
describe('offer texts on check-in', () => {
  let hub: TestHub;
  let operator: string;
  let foodCourt: ClientSocket;
  let entrance: ClientSocket;
  let smsc: Awaited<ReturnType<typeof localSmsc>>;
  const PUBLIC_URL = 'https://galleria.example';
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    smsc = await localSmsc();
    hub = await startTestHub({ k: 2, publicUrl: PUBLIC_URL, testOnlyAllowLoopbackOutbound: true, smsRetrySeconds: [0.3], smsTimeoutMs: 1000 });
    operator = await hub.login();
    const smpp = { host: '127.0.0.1', port: smsc.port, tls: false, systemId: 'atrium', password: 'secret1', bind: 'transceiver', sourceAddr: 'Galeria', perSecond: 50, stopKeyword: 'STOP' };
    expect((await hub.api('/api/settings/smpp', { cookie: operator, body: smpp })).status).toBe(200);
    foodCourt = await hub.socket({ token: (await hub.pair('kiosk', 'food-court', 'Food court kiosk', operator)).token });
    entrance = await hub.socket({ token: (await hub.pair('kiosk', 'entrance', 'Entrance kiosk', operator)).token });
  });
  afterAll(async () => {
    await hub.stop();
    await smsc.close();
  });

  const promotion = async (p: Partial<PromotionInput> & { title: string }) => hub.api('/api/promotions', { cookie: operator, body: { schedule: { from: today }, ...p } });
  const smsLog = async () => (await hub.api('/api/settings/sms-log', { cookie: operator })).body as { kind: string; status: string; parts: number; encoding: string; promotionId: string | null; promotionTitle: string | null }[];
  /** The whole texts each number got, parts joined in order. */
  const textsTo = (number: string, parts: readonly SubmittedPart[]) => {
    const mine = parts.filter((p) => p.to === number);
    const whole: string[] = [];
    for (let i = 0; i < mine.length; ) {
      const total = mine[i].concat?.total ?? 1;
      whole.push(
        mine
          .slice(i, i + total)
          .sort((a, b) => (a.concat?.seq ?? 1) - (b.concat?.seq ?? 1))
          .map((p) => p.text)
          .join(''),
      );
      i += total;
    }
    return whole;
  };

  it('texts the offer once per shopper in Polish and Chinese (UCS-2, joined parts), never to a shopper without the consent', async () => {
    const created = await promotion({
      title: 'Coffee -20% today',
      zones: ['food-court'],
      offerSms: { enabled: true, text: '' },
      translations: { pl: { title: 'Kawa −20% dziś w Bean There', text: '' }, zh: { title: '咖啡今日八折，欢迎光临', text: '' } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.offerSms).toEqual({ enabled: true, text: '' });
    const promotionId = created.body.id as string;

    // A mall-wide stamp card: the welcome text names the progress, the joining visit its first stamp.
    expect((await hub.api('/api/rewards', { cookie: operator, body: { name: 'kawa', kind: 'stamps', counts: 'mall', tenantId: 'bean-there', stamps: { visits: 3, periodDays: 30 } } })).status).toBe(200);
    const start = smsc.parts.length;
    // They join at the entrance (no offer there), with a number and offers by text.
    const pl = await enrolByTap(entrance, testCard(31), { language: 'pl', phone: '+48 603 111 222', consents: { analytics: true, marketing_sms: true } });
    const zh = await enrolByTap(entrance, testCard(32), { language: 'zh', phone: '+86 138 0013 8000', consents: { analytics: true, marketing_sms: true } });
    // No consent to offers by text, so no number kept: no text either.
    const quiet = await enrolByTap(entrance, testCard(33), { language: 'pl', consents: { analytics: true } });
    await vi.waitFor(async () => expect((await smsLog()).filter((e) => e.kind === 'welcome' && e.status === 'sent')).toHaveLength(2));
    const before = smsc.parts.length;
    const mallName = hub.services.mall.record.name;
    expect(textsTo('48603111222', smsc.parts.slice(start, before))).toEqual([
      SMS_WORDS.pl.welcome({ mall: mallName, reward: 'Jeszcze 2 wizyty do nagrody: kawa w Bean There Coffee', url: `${PUBLIC_URL}/pass/${pl.passId}`, stop: 'STOP' }),
    ]);
    expect(textsTo('8613800138000', smsc.parts.slice(start, before))).toEqual([
      SMS_WORDS.zh.welcome({ mall: mallName, reward: '再来 2 次即可在Bean There Coffee获得kawa', url: `${PUBLIC_URL}/pass/${zh.passId}`, stop: 'STOP' }),
    ]);

    for (const passId of [pl.passId, zh.passId, quiet.passId]) {
      const ack = await request<any>(foodCourt, 'checkin:pass', { visitId: randomUUID(), passId });
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
    }
    await vi.waitFor(async () => expect((await smsLog()).filter((e) => e.kind === 'offer' && e.status === 'sent')).toHaveLength(2), { timeout: 5000 });
    const parts = smsc.parts.slice(before);
    const mall = hub.services.mall.record.name;
    const source = { title: 'Coffee -20% today', offerSms: { text: '' }, translations: { pl: { title: 'Kawa −20% dziś w Bean There' }, zh: { title: '咖啡今日八折，欢迎光临' } } };
    const plText = offerSmsText(source, 'pl', { mallName: mall, passUrl: `${PUBLIC_URL}/pass/${pl.passId}`, stop: 'STOP' });
    const zhText = offerSmsText(source, 'zh', { mallName: mall, passUrl: `${PUBLIC_URL}/pass/${zh.passId}`, stop: 'STOP' });
    expect(plText).toContain('Kawa −20% dziś w Bean There');
    expect(plText).toContain('Odpisz STOP');
    expect(zhText).toContain('咖啡今日八折，欢迎光临');
    expect(zhText).toContain('回复 STOP 退订短信');
    expect(textsTo('48603111222', parts)).toEqual([plText]);
    expect(textsTo('8613800138000', parts)).toEqual([zhText]);
    // Both need UCS-2 and more than one part: every part carries the joining header.
    for (const number of ['48603111222', '8613800138000']) {
      const mine = parts.filter((p) => p.to === number);
      expect(mine.length).toBeGreaterThan(1);
      expect(mine.every((p) => p.dataCoding === 8 && p.concat?.total === mine.length && (p.esmClass & 0x40) === 0x40)).toBe(true);
    }
    expect(new Set(parts.map((p) => p.to))).toEqual(new Set(['48603111222', '8613800138000']));

    // The log mirrors the offer email log: which promotion, parts, encoding — never the number.
    const log = await smsLog();
    const offers = log.filter((e) => e.kind === 'offer');
    expect(offers.map((e) => ({ promotionId: e.promotionId, promotionTitle: e.promotionTitle, encoding: e.encoding }))).toEqual([
      { promotionId, promotionTitle: 'Coffee -20% today', encoding: 'ucs2' },
      { promotionId, promotionTitle: 'Coffee -20% today', encoding: 'ucs2' },
    ]);
    const raw = JSON.stringify(log);
    for (const digits of ['603111222', '13800138000']) expect(raw).not.toContain(digits);

    // Once per shopper and promotion, as by email: a second check-in sends nothing more.
    const again = await request<any>(foodCourt, 'checkin:pass', { visitId: randomUUID(), passId: pl.passId });
    expect(again.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 400));
    expect((await smsLog()).filter((e) => e.kind === 'offer')).toHaveLength(2);
  });

  it('refuses an offer SMS that would not fit, naming the field, and stores nothing', async () => {
    const listBefore = (await hub.api('/api/promotions', { cookie: operator })).body;
    // 200 characters of Polish: UCS-2, far over three parts in every language.
    const long = 'Ogromna wyprzedaż w całej galerii, zniżki do pięćdziesięciu procent na wszystko! '.repeat(3).slice(0, 200);
    const tooLong = await promotion({ title: 'Big sale', offerSms: { enabled: true, text: long } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.field).toBe('offerSms.text');
    expect(String(tooLong.body.error ?? tooLong.body.message)).toMatch(/SMS parts/);
    // Over the schema's limit.
    expect(await promotion({ title: 'Big sale', offerSms: { enabled: true, text: 'x'.repeat(301) } })).toMatchObject({ status: 400, body: { field: 'offerSms.text' } });
    // Not a boolean.
    expect(await promotion({ title: 'Big sale', offerSms: { enabled: 'yes' as never, text: '' } })).toMatchObject({ status: 400, body: { field: 'offerSms.enabled' } });
    // House content is not sent by SMS.
    expect(await promotion({ title: 'Welcome to the mall', house: true, offerSms: { enabled: true, text: '' } })).toMatchObject({ status: 400, body: { field: 'offerSms.enabled' } });
    // Nothing of the refused ones was stored.
    expect((await hub.api('/api/promotions', { cookie: operator })).body).toEqual(listBefore);
    // A short text fits.
    expect((await promotion({ title: 'Big sale', offerSms: { enabled: true, text: 'Wyprzedaż −50%' } })).status).toBe(201);
  });

  it('counts parts as the sender splits them', () => {
    for (const text of ['Hello', 'a'.repeat(160), 'a'.repeat(161), '€'.repeat(80), '€'.repeat(81), 'ą'.repeat(70), 'ą'.repeat(71), '咖'.repeat(134), '咖'.repeat(135), 'Zażółć gęślą jaźń '.repeat(12)]) {
      expect(smsLength(text).parts, text.slice(0, 12)).toBe(toSmsParts(text, 1).parts.length);
      expect(smsLength(text).encoding, text.slice(0, 12)).toBe(toSmsParts(text, 1).dataCoding === 8 ? 'ucs2' : 'gsm7');
    }
    // The worst language decides: a short English title still takes two UCS-2 parts in Kazakh.
    const worst = offerSmsWorstCase({ title: 'Coffee -20% today', offerSms: { text: '' } }, { mallName: 'Riverside Galleria', baseUrl: 'https://galleria.example', stop: 'STOP' });
    expect(worst.parts).toBeLessThanOrEqual(OFFER_SMS_MAX_PARTS);
    expect(worst.parts).toBeGreaterThan(1);
  });
});
