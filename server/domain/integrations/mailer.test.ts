import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { smtpSink } from '#server/testing/smtp-sink.ts';

describe('email settings', () => {
  const mall = operatorHub({ testOnlyAllowLoopbackOutbound: true });

  it('stores SMTP settings without ever returning the password, and sends a test email over SMTP', async () => {
    const { hub, cookie } = mall;
    const sink = await smtpSink();
    expect((await hub.api('/api/settings/smtp/test', { cookie, body: { to: 'ops@mall.example' } })).status).toBe(503);
    const saved = await hub.api('/api/settings/smtp', {
      cookie,
      body: { host: '127.0.0.1', port: sink.port, secure: false, user: 'atrium', password: 'smtp-secret', from: 'pass@mall.example' },
    });
    expect(saved.status).toBe(200);
    const view = await hub.api('/api/settings/smtp', { cookie });
    expect(view.body).toMatchObject({ host: '127.0.0.1', user: 'atrium', passwordSet: true });
    expect(JSON.stringify(view.body)).not.toContain('smtp-secret');
    const sent = await hub.api('/api/settings/smtp/test', { cookie, body: { to: 'ops@mall.example' } });
    expect(sent.body).toEqual({ ok: true });
    expect(sink.mails[0].to).toEqual(['ops@mall.example']);
    const mail = await simpleParser(sink.mails[0].raw);
    expect(mail.text).toContain('Email from your Atrium hub works.');
    expect(mail.html).toContain('Email from your Atrium hub works.');
    expect(mail.html).toContain('Riverside Galleria');
    expect((await hub.api('/api/settings/mail-log', { cookie })).body[0]).toMatchObject({ kind: 'test', ok: true });
    await sink.close();
  });

  it('refuses bad settings, naming the field', async () => {
    const { hub, cookie } = mall;
    const bad = async (body: unknown) => (await hub.api('/api/settings/smtp', { cookie, body })).body;
    expect(await bad({ host: 'x', port: 0, secure: false, from: 'a@b.example' })).toMatchObject({ field: 'port' });
    expect(await bad({ host: 'x', port: 25, secure: false, from: 'not-an-address' })).toMatchObject({ field: 'from' });
    expect(await bad({ host: '', port: 25, secure: false, from: 'a@b.example' })).toMatchObject({ field: 'host' });
    expect((await hub.api('/api/settings/smtp/test', { cookie, body: { to: 'nobody' } })).body).toMatchObject({ field: 'to' });
  });
});
