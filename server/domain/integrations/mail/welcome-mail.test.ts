import { simpleParser, type ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { enrolByTap } from '#server/testing/enrol.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { newCardUid } from '#server/testing/signage.ts';
import { smtpSink } from '#server/testing/smtp-sink.ts';

/** A far-east zone: the local date is often not the UTC one, so a UTC date in the mail would show. */
const TIME_ZONE = 'Pacific/Auckland';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

describe('the welcome email', () => {
  const mall = operatorHub({ testOnlyAllowLoopbackOutbound: true, timezone: TIME_ZONE, publicUrl: 'https://galleria.example' });

  let kiosk: Awaited<ReturnType<typeof mall.hub.pair>> | undefined;

  /** Joins at a kiosk with offers by email; returns the parsed welcome email from a real SMTP server. */
  async function welcome(language: 'en' | 'pl' | 'zh' | 'cy', email: string, firstName: string): Promise<{ mail: ParsedMail; raw: string; passId: string; kioskId: string }> {
    const { hub, cookie } = mall;
    const sink = await smtpSink();
    try {
      expect((await hub.api('/api/settings/smtp', { cookie, body: { host: '127.0.0.1', port: sink.port, secure: false, from: 'pass@galleria.example' } })).status).toBe(200);
      // One kiosk for the block's joins: a second pairing under its name would be refused (names are unique).
      kiosk ??= await hub.pair('kiosk', 'entrance', 'Entrance kiosk', cookie);
      const socket = await hub.socket({ token: kiosk.token });
      const greeting = await enrolByTap(socket, newCardUid(), { language, email, firstName, consents: { analytics: true, marketing_email: true } });
      await expect.poll(() => sink.mails.filter((m) => m.to.includes(email)).length, { timeout: 10_000 }).toBe(1);
      const raw = sink.mails.find((m) => m.to.includes(email))!.raw;
      return { mail: await simpleParser(raw), raw, passId: greeting.passId, kioskId: kiosk.device.id };
    } finally {
      await sink.close();
    }
  }

  it('is HTML with a plain-text part, in the shopper’s language, with the mall’s name, local dates and no internal ids', async () => {
    const { mail, raw, passId, kioskId } = await welcome('pl', 'zofia@example.org', 'Zofia');
    expect(raw).toMatch(/^Content-Type: multipart\/alternative/m);
    const text = mail.text!;
    const html = mail.html as string;
    expect(text.length).toBeGreaterThan(100);
    expect(html).toMatch(/^<!doctype html>/i);

    // Polish words in both parts, the mall's name, the shopper's own pass link.
    expect(mail.subject).toBe('Twoja karta Riverside Galleria (demo)');
    for (const part of [text, html]) {
      expect(part).toContain('Dzień dobry, Zofia,');
      expect(part).toContain('Witamy w Riverside Galleria (demo)');
      expect(part).toContain('Oferty e-mailem: wyrażono zgodę');
      expect(part).toContain('kiosk w centrum');
      expect(part).toContain(`https://galleria.example/pass/${passId}`);
    }
    expect(html).toContain('lang="pl"');

    // The date of joining as the mall's clock and a Polish reader write it; no ISO time, no kiosk id.
    const today = new Intl.DateTimeFormat('pl', { dateStyle: 'long', timeZone: TIME_ZONE }).format(new Date());
    expect(text).toContain(today);
    expect(html).toContain(today);
    for (const part of [text, html, mail.subject!]) {
      expect(part).not.toMatch(ISO_TIME);
      expect(part).not.toContain(kioskId);
      expect(part).not.toMatch(UUID);
    }
  });

  it('writes each language in its own words and date conventions; the mall’s locale where the language is the mall’s', async () => {
    const zh = await welcome('zh', 'wang@example.org', '王芳');
    expect(zh.mail.subject).toBe('您的Riverside Galleria (demo)会员卡');
    expect(zh.mail.text).toContain('王芳，您好：');
    expect(zh.mail.text).toContain(`打开我的会员卡：https://galleria.example/pass/${zh.passId}`);
    expect(zh.mail.text).toContain(new Intl.DateTimeFormat('zh-Hans', { dateStyle: 'long', timeZone: TIME_ZONE }).format(new Date()));
    expect(zh.mail.html).toContain('lang="zh-Hans"');

    // The demo mall's locale is en-GB: an English reader gets day-month-year.
    const en = await welcome('en', 'ann@example.org', 'Ann');
    expect(en.mail.subject).toBe('Your Riverside Galleria (demo) pass');
    expect(en.mail.text).toContain(new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: TIME_ZONE }).format(new Date()));
    expect(en.mail.text).not.toContain(new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: TIME_ZONE }).format(new Date()));
  });

  it('escapes what a shopper typed: a name is text in the HTML, never markup', async () => {
    const { mail } = await welcome('cy', 'sion@example.org', '<b>Siôn</b> & Llŷr');
    expect(mail.text).toContain('Helo <b>Siôn</b> & Llŷr,');
    expect(mail.html).toContain('Helo &lt;b&gt;Siôn&lt;/b&gt; &amp; Llŷr,');
    expect(mail.html).not.toContain('<b>Siôn</b>');
  });

  it('shows the shopper’s reward progress in their language, in the HTML and the plain-text part', async () => {
    const { hub, cookie } = mall;
    // Before any reward exists, there is no rewards list.
    const none = await welcome('pl', 'bez@example.org', 'Ewa');
    expect(none.mail.text).not.toContain('Twoje nagrody');
    // A mall-wide stamp card redeemed at Bean There: the joining visit is its first stamp, so 2 more to go.
    const made = await hub.api('/api/rewards', { cookie, body: { name: 'darmowa kawa', kind: 'stamps', counts: 'mall', tenantId: 'bean-there', stamps: { visits: 3, periodDays: 30 } } });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const pl = await welcome('pl', 'marta@example.org', 'Marta');
    const line = 'Jeszcze 2 wizyty do nagrody: darmowa kawa w Bean There Coffee';
    expect(pl.mail.text).toContain(`Twoje nagrody`);
    expect(pl.mail.text).toContain(line);
    expect(pl.mail.html as string).toContain('Twoje nagrody');
    expect(pl.mail.html as string).toContain(line);
    // The list sits after the pass button and before the consent receipt, in both parts.
    for (const part of [pl.mail.text!, pl.mail.html as string]) {
      expect(part.indexOf(line)).toBeGreaterThan(part.indexOf(`/pass/${pl.passId}`));
      expect(part.indexOf(line)).toBeLessThan(part.indexOf('Oferty e-mailem'));
    }
    const zh = await welcome('zh', 'li@example.org', '李娜');
    for (const part of [zh.mail.text!, zh.mail.html as string]) {
      expect(part).toContain('您的奖励');
      expect(part).toContain('再来 2 次即可在Bean There Coffee获得darmowa kawa');
    }
  });
});
