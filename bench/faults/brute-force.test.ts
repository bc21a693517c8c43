/**
 * Guessing: passwords and pairing codes. A guesser from one address, at one user or at many, is slowed to
 * a stop, and once locked out a right guess is refused too (or the lockout would only change the
 * error a wrong guess gets).
 */
import { describe, expect, it } from 'vitest';
import { DEMO_OPERATOR } from '#server/demo/seed.ts';
import { operatorHub } from '#server/testing/operator-hub.ts';
import type { ClientSocket } from '#server/testing/test-hub.ts';

describe('brute force: login and pairing-code guessing are rate-limited and locked out', () => {
  const mall = operatorHub();

  const login = (username: string, password: string) => mall.hub.api('/api/auth/login', { body: { username, password } });

  it('locks a user out from the guessing address after a few wrong passwords, even against the right one', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await login(DEMO_OPERATOR.username, `wrong-${i}`)).status);
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect((await login(DEMO_OPERATOR.username, DEMO_OPERATOR.password)).status).toBe(429);
  });

  it('stops one address guessing across many usernames', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25 && statuses.at(-1) !== 429; i++) statuses.push((await login(`nobody-${i}`, 'guess')).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    // The address stays blocked for everyone, including a right password.
    expect((await login('bean-there', 'atrium-demo')).status).toBe(429);
  });

  it('locks out pairing-code guessing, even against a code a device is showing', async () => {
    const { hub, cookie: operator } = mall;
    let offer!: Promise<{ code: string }>;
    const device = await hub.socket({ pair: 'screen' }, undefined, (s) => {
      offer = new Promise((resolve) => s.once('pairing:offer', resolve));
    });
    const { code } = await offer;
    const wrong = code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await hub.api('/api/devices/pair', { body: { code: wrong, name: 'guess', zoneId: 'entrance' }, cookie: operator })).status);
    expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const right = await hub.api('/api/devices/pair', { body: { code, name: 'guess', zoneId: 'entrance' }, cookie: operator });
    expect(right.status).toBe(429);
    device.close();
  });

  it('limits how many pairing codes one address can ask for', async () => {
    const { hub } = mall;
    const offered: boolean[] = [];
    const sockets: ClientSocket[] = [];
    for (let i = 0; i < 22; i++) {
      let got!: Promise<boolean>;
      sockets.push(
        await hub.socket({ pair: 'kiosk' }, undefined, (s) => {
          got = new Promise((resolve) => {
            s.once('pairing:offer', () => resolve(true));
            s.once('disconnect', () => resolve(false));
          });
        }),
      );
      offered.push(await got);
    }
    for (const s of sockets) s.close();
    // The screen in the test above asked once already; 20 per address per 10 minutes in all.
    expect(offered.filter(Boolean).length).toBe(19);
    expect(offered.slice(19)).toEqual([false, false, false]);
  });
});
