import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimited } from '../core/errors.ts';

export interface LoginThrottleOptions {
  /** Failed guesses one address may make at one username per window. */
  perPair: number;
  /** Failed guesses one address may make across all usernames per window (stops a sprayer). */
  perAddress: number;
  /** The window, and the first lockout's length, in seconds; each further lockout doubles it. */
  windowSeconds: number;
  /** The longest lockout, in seconds. */
  maxBlockSeconds: number;
}

const DEFAULTS: LoginThrottleOptions = { perPair: 5, perAddress: 20, windowSeconds: 15 * 60, maxBlockSeconds: 24 * 3600 };
export const LOCKED_MESSAGE = 'too many failed sign-ins from this address; wait and try again';

/**
 * A lockout that a failed guess just started: `scope` 'pair' locks this username from this
 * address, 'address' locks this address for every username; `seconds` is how long.
 */
export interface Lockout {
  scope: 'pair' | 'address';
  seconds: number;
}

/**
 * Budgets sign-in guesses per (username, address) and per address — never per username alone,
 * so a guesser somewhere else cannot lock the real user out. A point is taken before the
 * password is checked (a burst of parallel guesses gets no more checks than the budget) and
 * given back when the password is right. A pair that uses up its budget is locked for the
 * window, then twice as long each time it does so again within a day.
 */
export class LoginThrottle {
  readonly #options: LoginThrottleOptions;
  readonly #pair: RateLimiterMemory;
  readonly #address: RateLimiterMemory;
  /** How many times each pair has been locked in the last day: the back-off's exponent. */
  readonly #lockouts = new RateLimiterMemory({ points: 1_000_000, duration: 24 * 3600 });

  constructor(options: Partial<LoginThrottleOptions> = {}) {
    this.#options = { ...DEFAULTS, ...options };
    this.#pair = new RateLimiterMemory({ points: this.#options.perPair, duration: this.#options.windowSeconds });
    this.#address = new RateLimiterMemory({ points: this.#options.perAddress, duration: this.#options.windowSeconds, blockDuration: this.#options.windowSeconds });
  }

  /**
   * Takes a point for one sign-in attempt, synchronously with respect to other attempts (the
   * in-memory limiter counts before this returns). Throws RateLimited (with retry-after seconds)
   * when the pair or the address has no budget left. Call `succeeded()` or `failed()` after the
   * password check; `failed()` answers the lockout this failure started, if any (for the audit log).
   */
  async take(username: string, address: string): Promise<{ succeeded: () => Promise<void>; failed: () => Promise<Lockout | null> }> {
    const pairKey = `${address}\n${username}`;
    let addressRes: RateLimiterRes;
    try {
      addressRes = await this.#address.consume(address);
    } catch (e) {
      throw limited(e);
    }
    let pairRes: RateLimiterRes;
    try {
      pairRes = await this.#pair.consume(pairKey);
    } catch (e) {
      await this.#address.reward(address);
      throw limited(e);
    }
    return {
      succeeded: async () => {
        await this.#pair.delete(pairKey);
        await this.#address.reward(address);
      },
      failed: async () => {
        if (pairRes.remainingPoints > 0) {
          // The address's last guess failed: its next attempt is refused and blocks it for the window.
          return addressRes.remainingPoints === 0 ? { scope: 'address', seconds: this.#options.windowSeconds } : null;
        }
        // The budget's last guess failed: lock the pair, longer each time.
        const times = (await this.#lockouts.penalty(pairKey)).consumedPoints;
        const seconds = Math.min(this.#options.windowSeconds * 2 ** (times - 1), this.#options.maxBlockSeconds);
        await this.#pair.block(pairKey, seconds);
        return { scope: 'pair', seconds };
      },
    };
  }
}

function limited(e: unknown): Error {
  if (e instanceof RateLimiterRes) return new RateLimited(LOCKED_MESSAGE, Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
  return e instanceof Error ? e : new Error(String(e));
}
