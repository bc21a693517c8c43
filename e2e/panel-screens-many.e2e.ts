import { expect, openPanelTab, SHOTS, signInToPanel, test } from './fixtures.ts';

/**
 * A zone with many screens: its card on the Screens tab gives the count and only the dark ones
 * (at most eight by name), so a mall of 2,000 screens is still one glance, not 2,000 names.
 */
test('a zone with many screens shows a count and its offline screens, not every name', async ({ hub, page }) => {
  const cookie = await hub.login();
  for (let i = 1; i <= 12; i++) await hub.pair('screen', 'food-court', `Food court screen ${i}`, cookie);
  await hub.pair('screen', 'entrance', 'By the doors', cookie);
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInToPanel(page, hub);
  await openPanelTab(page, 'Screens');
  const zones = page.getByRole('list', { name: 'Screens by zone' });
  const foodCourt = zones.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Food court' }) });
  await expect(foodCourt).toContainText('12 screens, 12 offline');
  await expect(foodCourt.getByRole('listitem')).toHaveCount(9);
  await expect(foodCourt.getByRole('listitem').last()).toHaveText('and 4 more offline');
  // A zone with few screens still names each.
  const entrance = zones.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Main entrance' }) });
  await expect(entrance.getByRole('listitem')).toHaveText([/By the doors/]);
  await expect(entrance).not.toContainText('screens,');
  await zones.screenshot({ path: `${SHOTS}/panel-screens-zone-map-many-1280.png` });
});
