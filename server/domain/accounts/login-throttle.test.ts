import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.ts';
import { LoginThrottle } from './login-throttle.ts';

const retryAfter = async (t: LoginThrottle, user: string, address: string): Promise<number | null> => {
  try {
    await t.take(user, address);
    return null;
  } catch (e) {
    if (e instanceof DomainError && e.kind === 'rate_limited') return (e as DomainError & { retryAfterSeconds: number }).retryAfterSeconds;
    throw e;
  }
};

describe('LoginThrottle', () => {
  it('locks a pair that used its budget, twice as long the next time', async () => {
    const t = new LoginThrottle({ perPair: 2, windowSeconds: 1, maxBlockSeconds: 60 });
    const failTwice = async () => {
      for (let i = 0; i < 2; i++) await (await t.take('ana', '10.0.0.1')).failed();
    };
    await failTwice();
    expect(await retryAfter(t, 'ana', '10.0.0.1')).toBe(1);
    // Another address, or another username, is not affected.
    expect(await retryAfter(t, 'ana', '10.0.0.2')).toBeNull();
    expect(await retryAfter(t, 'bo', '10.0.0.1')).toBeNull();
    await expect.poll(() => retryAfter(t, 'ana', '10.0.0.1'), { timeout: 3000, interval: 100 }).toBeNull();
    await (await t.take('ana', '10.0.0.1')).failed();
    expect(await retryAfter(t, 'ana', '10.0.0.1')).toBe(2);
  });

  it('caps what one address may guess across usernames', async () => {
    const t = new LoginThrottle({ perPair: 5, perAddress: 3, windowSeconds: 60 });
    for (const user of ['a', 'b', 'c']) await (await t.take(user, '10.0.0.9')).failed();
    expect(await retryAfter(t, 'd', '10.0.0.9')).toBeGreaterThan(0);
    expect(await retryAfter(t, 'd', '10.0.0.10')).toBeNull();
  });

  it('tells which failure started a lockout, and how long it is, so it can be audited once', async () => {
    const t = new LoginThrottle({ perPair: 2, perAddress: 10, windowSeconds: 60 });
    expect(await (await t.take('ana', '10.0.1.1')).failed()).toBeNull();
    expect(await (await t.take('ana', '10.0.1.1')).failed()).toEqual({ scope: 'pair', seconds: 60 });
    const spray = new LoginThrottle({ perPair: 5, perAddress: 3, windowSeconds: 60 });
    const answers = [];
    for (const user of ['a', 'b', 'c']) answers.push(await (await spray.take(user, '10.0.1.2')).failed());
    expect(answers).toEqual([null, null, { scope: 'address', seconds: 60 }]);
  });

  it("a right password clears the pair's count: the next failure starts no lockout", async () => {
    const t = new LoginThrottle({ perPair: 2, perAddress: 3, windowSeconds: 60 });
    expect(await (await t.take('ana', '10.0.1.3')).failed()).toBeNull();
    await (await t.take('ana', '10.0.1.3')).succeeded();
    expect(await (await t.take('ana', '10.0.1.3')).failed()).toBeNull();
  });
});
