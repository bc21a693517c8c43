import { randomUUID } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { enrolBody } from '#server/testing/enrol.ts';
import { newCardUid, pairMany } from '#server/testing/signage.ts';
import { smtpSink } from '#server/testing/smtp-sink.ts';
import { request } from '#server/testing/test-hub.ts';
import { expect, test } from './fixtures.ts';

test.use({ hubConfig: { testOnlyAllowLoopbackOutbound: true, timezone: 'Europe/London' } });

test('shoppers’ emails read well in a real browser: the welcome and an offer, in English and Chinese, at phone and desktop widths', async ({ browser, hub }) => {
  test.setTimeout(90_000);
  const sink = await smtpSink();
  try {
    const cookie = await hub.login();
    expect((await hub.api('/api/settings/smtp', { cookie, body: { host: '127.0.0.1', port: sink.port, secure: false, from: 'pass@galleria.example' } })).status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    const offer = await hub.api('/api/promotions', {
      cookie,
      body: {
        title: 'Flat white, half price',
        text: 'Show your pass at Bean There Coffee.',
        tenantId: 'bean-there',
        imageUrl: '/media/coffee.svg',
        zones: ['food-court'],
        schedule: { from: today },
        offerEmail: { enabled: true, subject: 'Half-price coffee today', text: 'Show this email at the till for a flat white at half price, until 3 pm.' },
      },
    });
    expect(offer.status, JSON.stringify(offer.body)).toBe(201);

    const [kiosk] = await pairMany(hub.services, 'kiosk', 'food-court', 1);
    const k = await hub.socket({ token: kiosk.token });
    const join = async (email: string, firstName: string, language: 'en' | 'zh') => {
      const tap = await request<any>(k, 'checkin:tap', { visitId: randomUUID(), card: newCardUid() });
      const enrol = await request<any>(k, 'shopper:enrol', enrolBody(tap.data.enrolTicket, { consents: { marketing_email: true, analytics: true }, email, firstName, language }));
      expect(enrol.ok).toBe(true);
    };
    await join('ann@example.org', 'Ann', 'en');
    await join('wang@example.org', '王芳', 'zh');
    const mailsTo = async (address: string) => Promise.all(sink.mails.filter((m) => m.to.includes(address)).map((m) => simpleParser(m.raw)));
    await expect.poll(async () => (await mailsTo('ann@example.org')).length).toBe(2);
    await expect.poll(async () => (await mailsTo('wang@example.org')).length).toBe(2);

    const show = async (mail: ParsedMail, name: string) => {
      expect(mail.text, `${name} has a plain-text part`).toBeTruthy();
      for (const width of [390, 1280]) {
        const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
        await page.setContent(mail.html as string, { waitUntil: 'load' });
        // Nothing overflows the phone's width; every picture (the offer's, from the hub) loads.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        expect(await page.evaluate(() => [...document.images].filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.src))).toEqual([]);
        await page.screenshot({ path: `test-results/screens/email-${name}-${width}.png`, fullPage: true });
        await page.context().close();
      }
    };
    const [annWelcome, annOffer] = [...(await mailsTo('ann@example.org'))].sort((a) => (a.subject?.startsWith('Your Riverside') ? -1 : 1));
    expect(annWelcome.subject).toMatch(/^Your Riverside Galleria/);
    expect(annOffer.subject).toBe('Half-price coffee today');
    await show(annWelcome, 'welcome-en');
    expect(annOffer.html).toMatch(/<img[^>]+src="http:\/\/127\.0\.0\.1:\d+\/media\/coffee\.svg"/);
    await show(annOffer, 'offer-en');
    const wang = await mailsTo('wang@example.org');
    const wangWelcome = wang.find((m) => m.subject?.startsWith('您的'))!;
    expect(wangWelcome.text).toContain('王芳，您好：');
    await show(wangWelcome, 'welcome-zh');
    await show(wang.find((m) => m !== wangWelcome)!, 'offer-zh');
  } finally {
    await sink.close();
  }
});
