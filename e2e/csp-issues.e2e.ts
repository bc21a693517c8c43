import type { Page } from '@playwright/test';
import { test, expect, openKiosk, signInToPanel } from './fixtures.ts';
import { enrolByTap } from '#server/testing/enrol.ts';

/**
 * The hub's Content-Security-Policy refuses eval, and no page may try it: Chromium logs each try as
 * an issue (Lighthouse best practices fell to 96 on the panel and the pass page when zod probed
 * `new Function` while its schemas loaded; shared/client/zod-browser.ts).
 */
async function cspIssues(page: Page): Promise<() => string[]> {
  const seen: string[] = [];
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Audits.issueAdded', ({ issue }) => {
    if (issue.code === 'ContentSecurityPolicyIssue') seen.push(JSON.stringify(issue.details.contentSecurityPolicyIssueDetails));
  });
  await cdp.send('Audits.enable');
  return () => seen;
}

test('the panel, the pass page and the kiosk load without breaking the hub’s CSP', async ({ hub, page, newContext }) => {
  test.setTimeout(90_000);
  const panel = await cspIssues(page);
  await signInToPanel(page, hub);
  await page.waitForLoadState('networkidle');
  expect(panel(), 'panel').toEqual([]);

  const kiosk = await hub.socket({ token: (await hub.pair('kiosk', 'entrance')).token });
  const { passId } = await enrolByTap(kiosk, '4111111111111111');
  const passPage = await (await newContext()).newPage();
  const pass = await cspIssues(passPage);
  await passPage.goto(`${hub.url}/pass/${passId}`);
  await expect(passPage.getByTestId('pass-qr')).toBeVisible();
  expect(pass(), 'pass page').toEqual([]);

  const { page: kioskPage } = await openKiosk(await newContext(), hub);
  const onKiosk = await cspIssues(kioskPage);
  await kioskPage.reload();
  await expect(kioskPage.getByRole('heading', { name: 'Welcome to the mall' })).toBeVisible();
  expect(onKiosk(), 'kiosk').toEqual([]);
});
