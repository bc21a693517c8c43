import { Interner, setAt } from './reports/visit-table.ts';

/**
 * Every visitor pseudonym (see pseudonym.ts) given a small number, shared by shoppers and shops'
 * visit rows, with the current shopper behind each number. Shops' reports hold visitors as these
 * numbers, so finding whose visit a row is — for the profile a report mixes by — is an array read,
 * not a hash lookup per visitor. A number without a shopper is an erased one's: their rows stay
 * as anonymous counts.
 */
export class VisitorNumbers extends Interner {
  readonly #shoppers: (string | undefined)[] = [];

  /** Gives the shopper's pseudonym its number (if it has none yet) and links it to them. */
  name(pseudonym: string, shopperId: string): number {
    const n = this.idOf(pseudonym);
    setAt(this.#shoppers, n, shopperId);
    return n;
  }

  /** Unlinks a pseudonym from its shopper, who has been erased; the number stays for their rows. */
  unname(pseudonym: string): void {
    const n = this.find(pseudonym);
    if (n !== undefined && n < this.#shoppers.length) this.#shoppers[n] = undefined;
  }

  /** The shopper behind a number, if any. */
  shopperOf(n: number): string | undefined {
    return n < this.#shoppers.length ? this.#shoppers[n] : undefined;
  }
}
