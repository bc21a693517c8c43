import { expect, openKiosk, tapCard, test } from './fixtures.ts';

/**
 * Every keyed list is keyed by a stable id: two promotions may share a title (a shop runs the
 * same offer twice), and a list keyed by title makes Svelte throw on the duplicate key — the
 * kiosk's welcome then hangs on "One moment…".
 */
test('two promotions with the same title: the kiosk still welcomes the shopper and shows both offers', async ({ newContext, hub }) => {
  const cookie = await hub.login();
  for (const text of ['At the fountain.', 'By the cinema.']) {
    const made = await hub.api('/api/promotions', { cookie, body: { title: 'Twin offer', text, schedule: { from: '2024-01-01' }, priority: 10 } });
    expect(made.status).toBe(201);
  }
  const { page: kiosk } = await openKiosk(await newContext(), hub);
  await tapCard(kiosk, '4111111111111111');
  await expect(kiosk.getByRole('heading', { name: 'Join the mall pass' })).toBeVisible();
  await kiosk.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(kiosk.getByTestId('welcome')).toBeVisible();
  await expect(kiosk.getByTestId('offer')).toHaveCount(2);
  await expect(kiosk.getByTestId('offer').filter({ hasText: 'By the cinema.' })).toBeVisible();
  await expect(kiosk.getByTestId('offer').filter({ hasText: 'At the fountain.' })).toBeVisible();
});
