import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCard } from '#server/testing/cards.ts';
import { enrolByTap } from '#server/testing/enrol.ts';
import { snapshotFiles } from '#server/testing/files.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import { smtpSink } from '#server/testing/smtp-sink.ts';

describe('operators answer shoppers’ requests', () => {
  const mall = operatorHub({ testOnlyAllowLoopbackOutbound: true });
  let passId: string;
  let sink: Awaited<ReturnType<typeof smtpSink>>;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    const { hub, cookie } = mall;
    sink = await smtpSink();
    await hub.api('/api/settings/smtp', { cookie, body: { host: '127.0.0.1', port: sink.port, secure: false, user: 'atrium', password: 'smtp-secret', from: 'pass@mall.example' } });
    const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'fashion', undefined, cookie)).token });
    const enrol = await enrolByTap(kiosk, testCard(7), { consents: { marketing_email: true }, firstName: 'Wiktoria', email: 'wiktoria@example.org' });
    passId = enrol.passId;
  });
  afterAll(() => sink.close());

  it('sends the welcome email with the pass link and the consent receipt to a shopper who asked for email', async () => {
    const { hub } = mall;
    await expect.poll(() => sink.mails.length).toBe(1);
    expect(sink.mails[0].to).toEqual(['wiktoria@example.org']);
    const body = sink.mails[0].raw.replace(/=\r?\n/g, '');
    expect(body).toContain(`${hub.url}/pass/${passId}`);
    expect(body).toContain('Offers by email: you agreed');
    // Never given, so not on the receipt at all (not "withdrawn").
    expect(body).not.toContain('Offers by text message');
  });

  it('finds a shopper by email or pass id, shows their record and ledger, and audits each look', async () => {
    const { hub, cookie } = mall;
    const byEmail = await hub.api(`/api/shoppers?q=${encodeURIComponent('Wiktoria@example.org')}`, { cookie });
    expect(byEmail.body).toEqual([expect.objectContaining({ passId, firstName: 'Wiktoria', visitCount: 1 })]);
    expect((await hub.api(`/api/shoppers?q=${passId}`, { cookie })).body).toHaveLength(1);
    expect((await hub.api('/api/shoppers?q=ab', { cookie })).body).toMatchObject({ field: 'q' });
    const record = await hub.api(`/api/shoppers/${passId}`, { cookie });
    expect(record.body.pass).toMatchObject({ passId, email: 'wiktoria@example.org', visitCount: 1 });
    expect(record.body.ledger.map((e: { purpose: string }) => e.purpose)).toEqual(['membership', 'analytics', 'marketing_email']);
    const exported = await hub.api(`/api/shoppers/${passId}/export`, { cookie });
    expect(exported.body.profile).toMatchObject({ firstName: 'Wiktoria', cardsLinked: 1 });
    const audit = (await hub.api(`/api/audit?from=${today}&to=${today}&action=shopper.`, { cookie })).body;
    expect(audit.map((e: { action: string }) => e.action).sort()).toEqual(['shopper.export', 'shopper.search', 'shopper.search', 'shopper.view']);
    // The search term (an email) is not written to the audit log.
    expect(JSON.stringify(audit)).not.toContain('wiktoria');
  });

  it('erases on request: no personal field is left in the data folder, and the erasure is audited', async () => {
    const { hub, cookie } = mall;
    expect((await hub.api(`/api/shoppers/${passId}/erase`, { cookie, body: {} })).body).toMatchObject({ field: 'confirm' });
    expect((await hub.api(`/api/shoppers/${passId}/erase`, { cookie, body: { confirm: 'erase' } })).body).toEqual({ erased: true });
    await hub.store.flush();
    const files = await snapshotFiles(hub.dataRoot);
    for (const [file, text] of Object.entries(files)) {
      if (file.startsWith('demo/audit/')) continue; // the audit names the pass id acted on, nothing else
      expect(text, file).not.toContain('Wiktoria');
      expect(text, file).not.toContain('wiktoria@example.org');
      expect(text, file).not.toContain(passId);
    }
    expect((await hub.api(`/api/shoppers/${passId}`, { cookie })).status).toBe(404);
    const audit = (await hub.api(`/api/audit?from=${today}&to=${today}&action=shopper.erase`, { cookie })).body;
    expect(audit).toEqual([expect.objectContaining({ actor: 'operator:operator', target: passId })]);
  });
});
