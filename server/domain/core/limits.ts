import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from './errors.ts';

/** A budget of attempts per key (an address, a user) over a window; past it, 'rate_limited'. */
export class AttemptLimit {
  readonly #limiter: RateLimiterMemory;

  constructor(points: number, seconds: number, blockSeconds = seconds) {
    this.#limiter = new RateLimiterMemory({ points, duration: seconds, blockDuration: blockSeconds });
  }

  async take(key: string, message = 'too many attempts; wait a few minutes'): Promise<void> {
    try {
      await this.#limiter.consume(key);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw new DomainError('rate_limited', message);
      throw e;
    }
  }

  /** Whether the key has used up its budget and is waiting out its block, without using a point. */
  async blocked(key: string): Promise<boolean> {
    const res = await this.#limiter.get(key);
    return res !== null && res.consumedPoints > this.#limiter.points;
  }

  async forgive(key: string): Promise<void> {
    await this.#limiter.delete(key);
  }
}
