import { describe, expect, it } from 'vitest';
import { DEMO_OPERATOR } from '#server/demo/seed.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';

// The hub trusts X-Forwarded-For from loopback (a reverse proxy on the same machine), which lets
// one test speak from several addresses.
describe('sign-in throttle', () => {
  const mall = operatorHub();
  const login = (username: string, password: string, from: string) =>
    mall.hub.api('/api/auth/login', { body: { username, password }, headers: { 'x-forwarded-for': from } });

  it('wrong passwords from one address do not lock the user out from another', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await login(DEMO_OPERATOR.username, `wrong guess ${i}`, '10.9.0.1')).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    // The guesser's address is locked out even with the right password...
    expect((await login(DEMO_OPERATOR.username, DEMO_OPERATOR.password, '10.9.0.1')).status).toBe(429);
    // ...the real operator, elsewhere, gets in.
    expect((await login(DEMO_OPERATOR.username, DEMO_OPERATOR.password, '10.9.0.2')).status).toBe(200);
  });

  it('a burst of 50 parallel wrong sign-ins has no more guesses checked than the budget', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => login('bean-there', `parallel guess ${i}`, '10.9.0.3')));
    const checked = answers.filter((a) => a.status === 401).length;
    expect(answers.every((a) => a.status === 401 || a.status === 429)).toBe(true);
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(5);
    expect(answers.find((a) => a.status === 429)?.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('a right password gives the point back: typos between good sign-ins never add up to a lockout', async () => {
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 3; i++) expect((await login(DEMO_OPERATOR.username, `typo ${round}.${i}`, '10.9.0.4')).status).toBe(401);
      expect((await login(DEMO_OPERATOR.username, DEMO_OPERATOR.password, '10.9.0.4')).status).toBe(200);
    }
  });
});
