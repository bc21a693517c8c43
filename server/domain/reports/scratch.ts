/**
 * A buffer a report borrows for one synchronous step and gives back by simply not using it after.
 * Per-visitor numbers are MBs in a mall of 200,000 shoppers; made anew for every report, the
 * allocator kept tens of MB it had handed out and taken back (hub RSS after the bench's report
 * requests). One user at a time: a borrower finishes with the buffer before it awaits or returns.
 */
export class Scratch<A extends Int32Array | Uint8Array> {
  #buffer: A;

  constructor(private readonly make: (length: number) => A) {
    this.#buffer = make(0);
  }

  /** The first `length` elements, each set to `fill`; grown (by half again at least) when too short. */
  take(length: number, fill: number): A {
    if (this.#buffer.length < length) this.#buffer = this.make(Math.max(length, Math.floor(this.#buffer.length * 1.5)));
    const view = this.#buffer.subarray(0, length) as A;
    view.fill(fill);
    return view;
  }
}
