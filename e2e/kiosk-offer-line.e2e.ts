import { expect, openKiosk, tapCard, test } from './fixtures.ts';

/**
 * A shop's offer on the kiosk's welcome reads "title · shop": Svelte drops whitespace at the
 * start of an element, so a space written at the start of the shop's span vanished and the line
 * read "Flat white, half price· Bean There Coffee".
 */
test('an offer on the welcome keeps a space between its title and its shop', async ({ newContext, hub }) => {
  const cookie = await hub.login();
  const made = await hub.api('/api/promotions', {
    cookie,
    body: { title: 'Cinnamon bun', text: 'Free with any coffee.', tenantId: 'bean-there', schedule: { from: '2024-01-01' }, priority: 10 },
  });
  expect(made.status).toBe(201);
  const { page: kiosk } = await openKiosk(await newContext(), hub);
  await tapCard(kiosk, '4111111111111111');
  await kiosk.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(kiosk.getByTestId('welcome')).toBeVisible();
  const offer = kiosk.getByTestId('offer').filter({ hasText: 'Cinnamon bun' });
  await expect(offer).toBeVisible();
  expect(await offer.innerText()).toContain('Cinnamon bun · Bean There Coffee');
});
