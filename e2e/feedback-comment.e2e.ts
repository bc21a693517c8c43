import { enrolByTap } from '#server/testing/enrol.ts';
import { newCardUid, pairMany } from '#server/testing/signage.ts';
import { expect, expectAccessible, signInToPanel, test } from './fixtures.ts';

test.use({ hubConfig: { k: 2, timezone: 'UTC' } });

const TEXT = 'More seats near the food court, please';

test('a feedback link’s score, then an optional comment on the pass page; the operator sees the count of comments, never the text', async ({ hub, newContext }) => {
  test.setTimeout(90_000);
  const operator = await hub.login();
  const settings = await hub.api('/api/loyalty/settings', { method: 'PUT', cookie: operator, body: { shopRewardsNeedApproval: true, kioskFeedback: false, feedbackEmailAfterMinutes: 0, feedbackEveryDays: 30 } });
  expect(settings.status).toBe(200);
  const due: { shopperId: string; token: string }[] = [];
  hub.services.bus.on('feedback.due', (e) => due.push(e));
  const [kiosk] = await pairMany(hub.services, 'kiosk', 'food-court', 1);
  const k = await hub.socket({ token: kiosk.token });
  const ola = (await enrolByTap(k, newCardUid(), { email: 'ola@example.org', consents: { analytics: true, marketing_email: true } })).passId;
  const ben = (await enrolByTap(k, newCardUid(), { email: 'ben@example.org', consents: { analytics: true, marketing_email: true } })).passId;
  await expect.poll(async () => (await hub.services.feedback.tick(), due.length)).toBe(2);
  const tokenOf = (passId: string) => due.find((d) => d.shopperId === passId)!.token;

  // Ola taps "9" in her email: the pass page answers it and offers a comment.
  const phone = await (await newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await phone.goto(`${hub.url}/pass/${ola}?feedback=${tokenOf(ola)}&score=9`);
  await expect(phone.getByTestId('feedback-answer')).toHaveText('Thank you!');
  const form = phone.getByTestId('pass-nps-comment');
  await expect(form).toBeVisible();
  await expect(form.getByRole('button', { name: 'Send comment' })).toBeDisabled();
  await form.getByLabel('Anything to add? (optional, up to 280 characters)').fill(TEXT);
  await expect(form).toContainText(`${TEXT.length}/280`);
  await expectAccessible(phone, 'the pass page’s comment after a feedback score');
  for (const [w, h] of [[390, 844], [1280, 900], [1920, 1080]] as const) {
    await phone.setViewportSize({ width: w, height: h });
    await phone.screenshot({ path: `test-results/screens/pass-comment-${w}.png`, fullPage: true });
  }
  await form.getByRole('button', { name: 'Send comment' }).click();
  await expect(phone.getByTestId('comment-answer')).toHaveText('Thank you for your comment.');
  await expect(form).toHaveCount(0);

  // Ben answers without a comment.
  expect((await hub.api(`/api/pass/${ben}/feedback`, { body: { token: tokenOf(ben), score: 3 } })).status).toBe(200);

  // The operator's NPS: two answers, one comment; the words are nowhere.
  const panel = await (await newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signInToPanel(panel, hub);
  await panel.goto(`${hub.url}/panel#loyalty`);
  await panel.getByRole('tab', { name: 'Feedback & reports' }).click();
  await panel.getByRole('button', { name: 'Show' }).click();
  await expect(panel.getByTestId('nps-total')).toHaveText('All answers: 2 · NPS 0 · comments 1');
  await expect(panel.getByTestId('nps-by-zone').getByRole('row', { name: /Food court/ })).toHaveText(/Food court\s*2\s*0\s*1/);
  await expect(panel.getByText('More seats')).toHaveCount(0);
  await expectAccessible(panel, 'the panel’s NPS with comment counts');
  for (const [w, h] of [[390, 844], [1280, 900], [1920, 1080]] as const) {
    await panel.setViewportSize({ width: w, height: h });
    await panel.screenshot({ path: `test-results/screens/panel-nps-comments-${w}.png`, fullPage: true });
  }
});
