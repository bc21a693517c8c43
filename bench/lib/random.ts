/**
 * A small seeded PRNG (mulberry32) and the draws the data generator needs. Seeded, so one seed
 * always gives the same mall: cached data and reruns are comparable.
 */
export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Pareto(alpha) with minimum 1: a long tail, most values near 1, a few very large. */
  pareto(alpha: number): number {
    return 1 / Math.pow(1 - this.next(), 1 / alpha);
  }

  hex(bytes: number): string {
    let s = '';
    for (let i = 0; i < bytes; i++) s += this.int(256).toString(16).padStart(2, '0');
    return s;
  }

  uuid(): string {
    const h = this.hex(16);
    const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** 16 random bytes as base64url: the shape of a real pass id. */
  passId(): string {
    return Buffer.from(this.hex(16), 'hex').toString('base64url');
  }
}

/** Draws an index with probability proportional to its weight (binary search on the running sum). */
export class WeightedPicker {
  readonly #cumulative: Float64Array;

  constructor(weights: readonly number[]) {
    this.#cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => (this.#cumulative[i] = sum += w));
  }

  pick(random: Random): number {
    const target = random.next() * this.#cumulative[this.#cumulative.length - 1];
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
