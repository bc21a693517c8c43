import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_TEXT_VERSION } from '#shared/consent-texts.ts';
import type { PromotionInput } from '#shared/schemas/promotions.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { snapshotFiles } from '#server/testing/files.ts';
import { newCardUid } from '#server/testing/signage.ts';
import { simpleParser } from 'mailparser';
import { smtpSink } from '#server/testing/smtp-sink.ts';
import { request, startTestHub, type ClientSocket, type TestHub } from '#server/testing/test-hub.ts';

type Sink = Awaited<ReturnType<typeof smtpSink>>;

const PUBLIC_URL = 'https://galleria.example';
const localDay = (offsetDays = 0) => {
  const d = new Date(Date.now() + offsetDays * 86400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
/** The mail as text: quoted-printable soft breaks and escapes undone. */
const textOf = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

describe('offer emails on check-in', () => {
  let dataRoot: string;
  let hub: TestHub;
  let sink: Sink;
  let operator: string;
  let foodCourt: ClientSocket;
  let entrance: ClientSocket;
  let fashion: ClientSocket;
  let lunchId: string;

  const start = () => startTestHub({ publicUrl: PUBLIC_URL, mailRetrySeconds: [0.2, 0.2], testOnlyAllowLoopbackOutbound: true }, dataRoot);
  const useSmtp = (port: number) =>
    hub.api('/api/settings/smtp', { cookie: operator, body: { host: '127.0.0.1', port, secure: false, user: 'atrium', password: 'smtp-secret', from: 'offers@galleria.example' } });
  const promotion = async (p: Partial<PromotionInput> & { title: string }) => {
    const res = await hub.api('/api/promotions', { cookie: operator, body: { schedule: { from: localDay() }, ...p } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  /** Joins at a kiosk (which checks the shopper in there) and returns the pass id. */
  const join = async (kiosk: ClientSocket, who: { email?: string; firstName?: string; analytics?: boolean; interests?: string[]; language?: 'hu' | 'kk' } = {}) => {
    const card = newCardUid();
    const { analytics = true, ...profile } = who;
    const enrol = await enrolByTap(kiosk, card, { consents: { analytics, marketing_email: !!who.email }, ...profile });
    return { passId: enrol.passId, card };
  };
  /** A shopper who asked for offers by email, joined at the entrance (no offer there), welcome email received. */
  const member = async (email: string, firstName?: string) => {
    const who = await join(entrance, { email, ...(firstName ? { firstName } : {}) });
    await expect.poll(() => sink.mails.filter((m) => m.to.includes(email)).length).toBe(1);
    return who;
  };
  /** The kiosks' tokens: paired once, kept by the hub across its restart, as a real kiosk keeps its own. */
  let tokens: { foodCourt: string; entrance: string; fashion: string } | undefined;
  const connectKiosks = async () => {
    tokens ??= {
      foodCourt: (await hub.pair('kiosk', 'food-court', 'Food court kiosk', operator)).token,
      entrance: (await hub.pair('kiosk', 'entrance', 'Entrance kiosk', operator)).token,
      fashion: (await hub.pair('kiosk', 'fashion', 'Fashion kiosk', operator)).token,
    };
    foodCourt = await hub.socket({ token: tokens.foodCourt });
    entrance = await hub.socket({ token: tokens.entrance });
    fashion = await hub.socket({ token: tokens.fashion });
  };
  const scan = async (kiosk: ClientSocket, passId: string) => {
    const ack = await request<any>(kiosk, 'checkin:pass', { visitId: randomUUID(), passId });
    expect(ack.ok).toBe(true);
    return ack;
  };
  const offersTo = (address: string, subject?: string) =>
    sink.mails.filter((m) => m.to.includes(address) && !/^Subject: Your .* pass$/m.test(m.raw) && (!subject || textOf(m.raw).includes(`Subject: ${subject}`)));
  const deliveries = async () => (await hub.api('/api/offer-emails', { cookie: operator })).body as { promotionId: string; status: string; attempts: number; lastError: string | null }[];
  /**
   * A check-in that does earn an email, after the ones under test: decisions are made in check-in
   * order, so once its email is in, every earlier check-in has been judged.
   */
  const control = async () => {
    const address = `control-${randomUUID().slice(0, 8)}@example.org`;
    await join(foodCourt, { email: address });
    await expect.poll(() => offersTo(address).length).toBe(1);
  };

  beforeAll(async () => {
    dataRoot = await mkdtemp(joinPath(tmpdir(), 'atrium-offers-'));
    hub = await start();
    operator = await hub.login();
    sink = await smtpSink();
    expect((await useSmtp(sink.port)).status).toBe(200);
    await connectKiosks();
    lunchId = await promotion({
      title: 'Lunch deal',
      text: 'Soup and a roll for 5.',
      tenantId: 'bean-there',
      imageUrl: '/media/coffee.svg',
      zones: ['food-court'],
      offerEmail: { enabled: true, subject: 'Your lunch at Bean There', text: 'Show this email at the till: soup and a roll for 5 until 3pm.' },
    });
  });
  afterAll(async () => {
    await hub.stop();
    await sink.close();
    await rm(dataRoot, { recursive: true, force: true });
  });

  it('mails a consenting shopper who checks in where and while it runs, once, with the offer, the pass link and the way out', async () => {
    const { passId } = await join(foodCourt, { email: 'ana@example.org', firstName: 'Ana' });
    await expect.poll(() => offersTo('ana@example.org').length).toBe(1);
    const raw = offersTo('ana@example.org')[0].raw;
    const text = textOf(raw);
    expect(text).toContain('Subject: Your lunch at Bean There');
    expect(text).toContain('From: offers@galleria.example');
    expect(text).toContain('Hello Ana,');
    expect(text).toContain('Show this email at the till: soup and a roll for 5 until 3pm.');
    expect(text).toContain('An offer from Bean There Coffee at Riverside Galleria');
    expect(text).toContain(`Picture: ${PUBLIC_URL}/media/coffee.svg`);
    expect(text).toContain(`Your pass: ${PUBLIC_URL}/pass/${passId}`);
    expect(raw).toMatch(new RegExp(`^List-Unsubscribe: <${PUBLIC_URL}/pass/${passId}>`, 'm'));
    // Both parts: the plain text, and HTML with the offer, its picture and the pass button.
    const mail = await simpleParser(raw);
    expect(raw).toMatch(/^Content-Type: multipart\/alternative/m);
    expect(mail.text).toContain('switch off “Offers by email” on your pass page');
    expect(mail.text).toContain('Show this email at the till: soup and a roll for 5 until 3pm.');
    const html = mail.html as string;
    expect(html).toContain('lang="en"');
    expect(html).toContain('Riverside Galleria');
    expect(html).toContain('Hello Ana,');
    expect(html).toContain('Show this email at the till: soup and a roll for 5 until 3pm.');
    expect(html).toContain(`src="${PUBLIC_URL}/media/coffee.svg"`);
    expect(html).toContain(`href="${PUBLIC_URL}/pass/${passId}"`);
    expect(`${mail.text}${html}`).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);

    // Back again: by pass QR at the kiosk and at the shop's till. Still one email.
    await scan(foodCourt, passId);
    const bean = await hub.login('bean-there', 'atrium-demo');
    expect((await hub.api('/api/till/visits', { cookie: bean, body: { visitId: randomUUID(), passId } })).body).toMatchObject({ recorded: true });
    await control();
    expect(offersTo('ana@example.org')).toHaveLength(1);
    const log = await deliveries();
    expect(log.filter((d) => d.promotionId === lunchId && d.status === 'sent').length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(log)).not.toMatch(/ana@example\.org|Ana|soup/i);
  });

  it('writes its own words in the shopper’s language, both parts; the promotion’s words stay as the operator wrote them', async () => {
    const { passId } = await join(foodCourt, { email: 'odon@example.org', firstName: 'Ödön', language: 'hu' });
    // The welcome (its subject in Hungarian too) and the offer.
    const toOdon = async () => Promise.all(sink.mails.filter((m) => m.to.includes('odon@example.org')).map((m) => simpleParser(m.raw)));
    await expect.poll(async () => (await toOdon()).filter((m) => m.subject === 'Your lunch at Bean There').length, { timeout: 10_000 }).toBe(1);
    const mail = (await toOdon()).find((m) => m.subject === 'Your lunch at Bean There')!;
    const html = mail.html as string;
    for (const part of [mail.text!, html]) {
      expect(part).toContain('Kedves Ödön!');
      expect(part).toContain('Köszönjük, hogy ma ellátogatott ide: Riverside Galleria');
      expect(part).toContain('Show this email at the till: soup and a roll for 5 until 3pm.');
      expect(part).toContain('E-mailes ajánlatok leállítása');
    }
    expect(mail.text).toContain(`Az Ön bérlete: ${PUBLIC_URL}/pass/${passId}`);
    expect(html).toContain('lang="hu"');
  });

  it('keeps a durable record of what was sent without the mail or the address, and does not resend after a restart', async () => {
    const { passId } = await join(foodCourt, { email: 'bea@example.org' });
    await expect.poll(() => offersTo('bea@example.org').length).toBe(1);
    await hub.stop();
    const files = await snapshotFiles(joinPath(dataRoot, 'demo'));
    expect(files['offer-mail.json']).toBeDefined();
    expect(files['offer-mail.json']).not.toContain('bea@example.org');
    expect(files['offer-mail.json']).not.toContain('Show this email');
    expect(files['offer-mail.json']).not.toContain(passId);

    hub = await start();
    operator = await hub.login();
    await connectKiosks();
    await scan(foodCourt, passId);
    await control();
    expect(offersTo('bea@example.org')).toHaveLength(1);
  });

  it('sends nothing to a shopper without marketing_email, or after they withdraw it', async () => {
    const silent = await join(foodCourt, {});
    // The welcome waits for the joining check-in (it names reward progress): in before the withdrawal.
    const carl = await member('carl@example.org');
    expect((await hub.api(`/api/pass/${carl.passId}/consents`, { body: { purpose: 'marketing_email', granted: false, language: 'en', consentTextVersion: CONSENT_TEXT_VERSION } })).status).toBe(200);
    await scan(foodCourt, carl.passId);
    await scan(foodCourt, silent.passId);
    await control();
    expect(offersTo('carl@example.org')).toHaveLength(0);
    expect(sink.mails.filter((m) => m.to.includes('carl@example.org'))).toHaveLength(1); // the welcome only
  });

  it('sends nothing for a promotion outside its schedule, zone, audience or life', async () => {
    await promotion({ title: 'Starts tomorrow', schedule: { from: localDay(1) }, offerEmail: { enabled: true, subject: 'Tomorrow only', text: '' } });
    await promotion({ title: 'Other weekday', schedule: { from: localDay(), days: [(new Date().getDay() + 3) % 7] }, offerEmail: { enabled: true, subject: 'Wrong day', text: '' } });
    await promotion({ title: 'Fashion only', zones: ['fashion'], offerEmail: { enabled: true, subject: 'Fashion wing', text: '' } });
    await promotion({ title: 'For readers', segments: ['interest:books'], offerEmail: { enabled: true, subject: 'Books for you', text: '' } });
    await promotion({ title: 'No email', offerEmail: { enabled: false, subject: 'Should not go', text: '' } });
    const archived = await promotion({ title: 'Archived', offerEmail: { enabled: true, subject: 'Archived one', text: '' } });
    expect((await hub.api(`/api/promotions/${archived}/archive`, { cookie: operator, body: {} })).status).toBe(200);

    const dan = await join(foodCourt, { email: 'dan@example.org', interests: ['coffee'] });
    // Books, but not counted in segments (no analytics): targeting does not use their interests.
    await join(foodCourt, { email: 'eve@example.org', interests: ['books'], analytics: false });
    await control();
    const subjects = (address: string) => offersTo(address).map((m) => /^Subject: (.*)$/m.exec(textOf(m.raw))?.[1]);
    expect(subjects('dan@example.org')).toEqual(['Your lunch at Bean There']);
    expect(subjects('eve@example.org')).toEqual(['Your lunch at Bean There']);

    // In the fashion wing, a reader: the fashion and readers' offers, nothing from the food court.
    await join(fashion, { email: 'fay@example.org', interests: ['books'] });
    await scan(fashion, dan.passId);
    await expect.poll(() => offersTo('fay@example.org').length).toBe(2);
    await expect.poll(() => offersTo('dan@example.org').length).toBe(2);
    expect(subjects('fay@example.org').sort()).toEqual(['Books for you', 'Fashion wing']);
    expect(subjects('dan@example.org').sort()).toEqual(['Fashion wing', 'Your lunch at Bean There']);
  });

  it('follows a screen: a promotion aimed at a screen mails shoppers checking in at that screen’s zone', async () => {
    const screen = await hub.pair('screen', 'tech', 'Tech screen', operator);
    await promotion({ title: 'Gadget week', screens: [screen.device.id], offerEmail: { enabled: true, subject: 'Gadget week', text: '' } });
    const tech = await hub.socket({ token: (await hub.pair('kiosk', 'tech', 'Tech kiosk', operator)).token });
    await join(tech, { email: 'gus@example.org' });
    await expect.poll(() => offersTo('gus@example.org', 'Gadget week').length).toBe(1);
  });

  it('answers the check-in while the mail server has not yet answered', async () => {
    let release!: () => void;
    const slow = await smtpSink({ gate: new Promise<void>((r) => (release = r)) });
    try {
      expect((await useSmtp(sink.port)).status).toBe(200);
      const { passId } = await member('hal@example.org');
      expect((await useSmtp(slow.port)).status).toBe(200);
      await scan(foodCourt, passId);
      await expect.poll(() => slow.held()).toBe(1);
      // The mail server is still holding its answer to the offer, and the kiosk is answered all the same.
      const ack = await scan(foodCourt, passId);
      expect(ack.data.status).toBe('welcome');
      expect(slow.held()).toBe(1);
      release();
      await expect.poll(() => slow.mails.filter((m) => m.to.includes('hal@example.org') && m.raw.includes('Subject: Your lunch')).length).toBe(1);
    } finally {
      release();
      expect((await useSmtp(sink.port)).status).toBe(200);
      await slow.close();
    }
  });

  it('retries a refused email, logs each try, and gives up after the configured retries', async () => {
    const busy = await smtpSink({ refuseFirst: 2 });
    const never = await smtpSink({ refuseFirst: 99 });
    try {
      const ida = await member('ida@example.org');
      const jo = await member('jo@example.org');
      expect((await useSmtp(busy.port)).status).toBe(200);
      await scan(foodCourt, ida.passId);
      // Three tries, each drawing the mail (MJML) and connecting anew: more than the default second on a busy machine.
      await expect.poll(() => busy.mails.filter((m) => m.to.includes('ida@example.org') && m.raw.includes('Subject: Your lunch')).length, { timeout: 10_000 }).toBe(1);
      expect(busy.refused()).toBe(2);
      const sent = (await deliveries()).find((d) => d.status === 'sent' && d.attempts === 3);
      expect(sent).toMatchObject({ promotionId: lunchId, lastError: expect.stringContaining('try again later') });

      expect((await useSmtp(never.port)).status).toBe(200);
      await scan(foodCourt, jo.passId);
      await expect.poll(async () => (await deliveries()).some((d) => d.status === 'failed'), { timeout: 10_000 }).toBe(true);
      expect((await deliveries()).find((d) => d.status === 'failed')).toMatchObject({ attempts: 3, lastError: expect.stringContaining('try again later') });
      expect((await hub.api('/api/settings/mail-log', { cookie: operator })).body[0]).toMatchObject({ kind: 'offer', ok: false });
    } finally {
      expect((await useSmtp(sink.port)).status).toBe(200);
      await busy.close();
      await never.close();
    }
  });

  it('stops a pending email when the shopper erases their pass, and leaves no trace of them', async () => {
    let release!: () => void;
    const slow = await smtpSink({ refuseFirst: 1, gate: new Promise<void>((r) => (release = r)) });
    try {
      const kim = await member('kim@example.org', 'Kimberley');
      expect((await useSmtp(slow.port)).status).toBe(200);
      await scan(foodCourt, kim.passId);
      // Refused once: now waiting for its retry.
      await expect.poll(() => slow.refused()).toBe(1);
      expect((await hub.api(`/api/pass/${kim.passId}/erase`, { body: { confirm: 'erase' } })).status).toBe(200);
      await expect.poll(async () => (await deliveries()).some((d) => d.status === 'cancelled' && d.lastError === 'the shopper erased their pass')).toBe(true);
      release();
      expect((await useSmtp(sink.port)).status).toBe(200);
      await control();
      expect(slow.mails).toHaveLength(0);
      await hub.store.flush();
      await hub.services.offerMail.flush();
      const files = await snapshotFiles(joinPath(dataRoot, 'demo'));
      for (const [file, text] of Object.entries(files)) {
        if (file.startsWith('audit/')) continue;
        expect(text, file).not.toContain('kim@example.org');
        expect(text, file).not.toContain('Kimberley');
        expect(text, file).not.toContain(kim.passId);
      }
    } finally {
      release();
      expect((await useSmtp(sink.port)).status).toBe(200);
      await slow.close();
    }
  });
});
