/**
 * A fixed test clock for a hub process (node --import ./e2e/fixed-clock.mjs): at start the
 * process's Date reads ATRIUM_TEST_CLOCK (an ISO instant), and time flows on from there, so every
 * date the hub records or shows is the same on every run and every machine. Timers are untouched.
 */
const start = Date.parse(process.env.ATRIUM_TEST_CLOCK ?? '');
if (!Number.isNaN(start)) {
  const RealDate = Date;
  const offset = start - RealDate.now();
  class TestDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = TestDate;
}
