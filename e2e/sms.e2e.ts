import { enrolByTap } from '#server/testing/enrol.ts';
import { newCardUid, pairMany } from '#server/testing/signage.ts';
import { localSmsc } from '#server/testing/smsc.ts';
import { SMS_WORDS } from '#shared/sms/words.ts';
import { expect, expectAccessible, openPanelTab, signInToPanel, test } from './fixtures.ts';

test.use({ hubConfig: { testOnlyAllowLoopbackOutbound: true, timezone: 'Europe/Warsaw' } });

test('SMS end to end: the operator sets up the SMS centre, a Polish shopper gets a UCS-2 welcome text, replies STOP, and the pass page shows the withdrawal', async ({ hub, newContext }) => {
  test.setTimeout(90_000);
  const smsc = await localSmsc();
  try {
    // The operator enters the SMS centre in the panel's Integrations → SMS tab.
    const panel = await (await newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signInToPanel(panel, hub);
    await openPanelTab(panel, 'Integrations');
    await panel.getByRole('tab', { name: 'SMS' }).click();
    const sms = panel.getByRole('region', { name: 'Text messages (SMS)' });
    await sms.getByLabel('SMPP host').fill('127.0.0.1');
    await sms.getByLabel('Port', { exact: true }).fill(String(smsc.port));
    await sms.getByLabel('System id').fill('atrium');
    await sms.getByLabel('Password', { exact: true }).fill('secret1');
    await sms.getByLabel('Sender (number or name)').fill('Galeria');
    await sms.getByRole('button', { name: 'Save SMS settings' }).click();
    await expect(sms.getByRole('status')).toHaveText('SMS settings saved.');
    await expect.poll(() => smsc.listening()).toBe(true);

    // A shopper joins at a kiosk in Polish, with offers by text and her mobile number.
    const [kiosk] = await pairMany(hub.services, 'kiosk', 'entrance', 1);
    const k = await hub.socket({ token: kiosk.token });
    const { passId } = await enrolByTap(k, newCardUid(), { language: 'pl', firstName: 'Zofia', phone: '+48 601 234 567', consents: { marketing_sms: true } });
    await expect.poll(() => smsc.parts.length).toBeGreaterThan(1);
    const expected = SMS_WORDS.pl.welcome({ mall: hub.services.mall.record.name, name: 'Zofia', url: `${hub.url}/pass/${passId}`, stop: 'STOP' });
    expect(smsc.parts.every((p) => p.dataCoding === 8 && p.to === '48601234567' && p.concat?.total === smsc.parts.length)).toBe(true);
    expect(smsc.parts.map((p) => p.text).join('')).toBe(expected);
    for (const p of smsc.parts) await smsc.receipt(p.messageId);

    // Her phone shows the pass: offers by text granted.
    const phone = await (await newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await phone.goto(`${hub.url}/pass/${passId}`);
    await expect(phone.getByTestId('consent-marketing_sms')).toBeChecked();

    // She replies STOP; the ledger takes the withdrawal, and her pass page says where it came from.
    expect(await smsc.reply('48601234567', 'STOP')).toEqual([0]);
    await expect.poll(() => hub.store.shoppers.get(passId)?.consent.marketing_sms).toBe(false);
    await phone.reload();
    await expect(phone.getByTestId('consent-marketing_sms')).not.toBeChecked();
    const newest = phone.getByTestId('receipts').locator(':scope > li').first();
    await expect(newest).toContainText('odpowiedź SMS (STOP)');
    await expect(newest).toContainText('Oferty SMS-em: ');
    await expect(phone.getByText('601 234 567')).toHaveCount(0);
    await expectAccessible(phone, 'the pass page after a STOP reply');
    for (const [w, h] of [[390, 844], [1280, 900], [1920, 1080]] as const) {
      await phone.setViewportSize({ width: w, height: h });
      await phone.screenshot({ path: `test-results/screens/sms-pass-${w}.png`, fullPage: true });
    }

    // The panel's SMS log: the welcome delivered, the STOP taken; no number anywhere.
    await sms.getByRole('button', { name: 'Refresh SMS log' }).click();
    const log = sms.getByTestId('sms-log');
    await expect(log.locator('tbody tr').first()).toContainText('STOP reply');
    await expect(log.locator('tbody tr').first()).toContainText('consent withdrawn');
    await expect(log.locator('tbody tr').nth(1)).toContainText('delivered');
    await expect(log.locator('tbody tr').nth(1)).toContainText('(UCS-2)');
    await expect(sms).not.toContainText('601');
    await expectAccessible(panel, 'the SMS settings and log');
    for (const [w, h] of [[390, 844], [1280, 900], [1920, 1080]] as const) {
      await panel.setViewportSize({ width: w, height: h });
      await panel.screenshot({ path: `test-results/screens/sms-panel-${w}.png`, fullPage: true });
    }
  } finally {
    await smsc.close();
  }
});
