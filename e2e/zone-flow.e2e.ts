import { randomUUID } from 'node:crypto';
import { enrolByTap } from '#server/testing/enrol.ts';
import { pairMany } from '#server/testing/signage.ts';
import { request } from '#server/testing/test-hub.ts';
import { localMoment } from '#server/domain/mall/local-time.ts';
import { expect, expectAccessible, openPanelTab, signInToPanel, test } from './fixtures.ts';
import { dateField, typeDate } from './date-fields.ts';

test.use({ hubConfig: { k: 2, timezone: 'Europe/London' } });

test('an operator sees where people go next: the zone-to-zone matrix and the flow diagram', async ({ hub, newContext }) => {
  test.setTimeout(90_000);
  const kiosk = async (zone: string) => hub.socket({ token: (await pairMany(hub.services, 'kiosk', zone, 1))[0].token });
  const [entrance, food, fashion] = [await kiosk('entrance'), await kiosk('food-court'), await kiosk('fashion')];
  const cards = ['04B1B1B1B1B101', '04B1B1B1B1B102', '04B1B1B1B1B103', '04B1B1B1B1B104'];
  for (const card of cards) await enrolByTap(entrance, card);
  const tap = async (k: typeof food, card: string) => expect((await request<any>(k, 'checkin:tap', { visitId: randomUUID(), card })).ok).toBe(true);
  for (const card of cards.slice(0, 3)) await tap(food, card);
  for (const card of cards.slice(0, 2)) await tap(fashion, card);

  // This week, Monday to Sunday, on the mall clock.
  const today = localMoment(new Date(), 'Europe/London').day;
  const monday = today - ((today + 3) % 7);
  const iso = (day: number) => new Date(day * 86400_000).toISOString().slice(0, 10);

  const page = await (await newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signInToPanel(page, hub);
  await openPanelTab(page, 'Zone flow');
  await typeDate(dateField(page, 'From'), iso(monday));
  await typeDate(dateField(page, 'To'), iso(monday + 6));
  await page.getByRole('button', { name: 'Show flows' }).click();
  const matrix = page.getByTestId('zone-flow-matrix');
  await expect(matrix.getByRole('row', { name: /^Main entrance/ })).toContainText('3');
  const cellsOf = async (name: string) => (await matrix.getByRole('row', { name: new RegExp(`^${name}`) }).locator('td').allTextContents()).map((t) => t.trim());
  // Columns: Main entrance, Food court, Fashion wing, Tech & home, all moves out.
  expect(await cellsOf('Main entrance')).toEqual(['–', '3', '0', '0', '3']);
  expect(await cellsOf('Food court')).toEqual(['0', '–', '2', '0', '2']);
  expect(await cellsOf('All moves in')).toEqual(['0', '3', '2', '0', '5']);
  await expect(page.getByRole('img', { name: /Shown moves between zones/ })).toBeVisible();
  await expectAccessible(page, 'the zone flow report');
  for (const [w, h] of [[390, 844], [1280, 900], [1920, 1080]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `test-results/screens/zone-flow-${w}.png`, fullPage: true });
  }
});
