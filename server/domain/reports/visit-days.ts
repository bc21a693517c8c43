/**
 * One visitor's visit days, sorted, in a buffer reused from one visitor to the next. A report
 * walks tens of thousands of visitors; an array (or a copy, a set, a sort's work array) made for
 * each of them, and again for each group they are in, was most of a year's report's memory
 * churn: hundreds of MB of short-lived objects per report that the heap grew to hold.
 */
export class VisitDays {
  /** Days 0..length-1 are this visitor's, ascending. */
  days = new Int32Array(64);
  length = 0;

  /**
   * Loads `day[from..to)` (one visitor's rows), sorted ascending; with `distinct`, a day seen
   * twice is kept once. Returns this.
   */
  load(day: ArrayLike<number>, from: number, to: number, distinct: boolean): this {
    const n = to - from;
    if (this.days.length < n) this.days = new Int32Array(Math.max(n, this.days.length * 2));
    const days = this.days;
    // Rows come in the order they were recorded, so a visitor's days are almost always in order
    // already: an insertion sort is one pass then. A long out-of-order run goes to the typed
    // array's own sort (in place, numeric) instead of growing quadratically.
    let sorted = true;
    for (let i = 0; i < n; i++) {
      const d = day[from + i];
      days[i] = d;
      if (i && d < days[i - 1]) sorted = false;
    }
    if (!sorted) {
      if (n <= 32) {
        for (let i = 1; i < n; i++) {
          const d = days[i];
          let j = i - 1;
          for (; j >= 0 && days[j] > d; j--) days[j + 1] = days[j];
          days[j + 1] = d;
        }
      } else days.subarray(0, n).sort();
    }
    let length = n;
    if (distinct && n > 1) {
      length = 1;
      for (let i = 1; i < n; i++) if (days[i] !== days[length - 1]) days[length++] = days[i];
    }
    this.length = length;
    return this;
  }
}
