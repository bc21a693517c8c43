import { DAY_MS, FREQUENT_WITHIN_DAYS, isFrequent, isLapsed, isNew, isReturning, NEW_WITHIN_DAYS, type ShopperSummary } from '#shared/segments/index.ts';
import type { ShopperRecord } from '#server/storage/records.ts';
import { summaryOf } from '../presence/segments.ts';
import type { VisitorProfile } from './compute.ts';

/** An erased shopper's visits: still counted, with nothing known about who made them. */
const ANONYMOUS: VisitorProfile = Object.freeze({});

/** What `#code` holds for a visitor besides an index into `#list` (offset by FIRST). */
const UNKNOWN = 0;
const NOT_COUNTED = 1;
const ERASED = 2;
const FIRST = 3;

const NONE: readonly string[] = [];

interface KeyNode {
  next: Map<number, KeyNode>;
  codes?: Int32Array;
}

/** The behavioural segments a report mixes by, as bits: which of them a profile has. */
const NEW = 1;
const RETURNING = 2;
const FREQUENT = 4;
const LAPSED = 8;

/**
 * The profile each visitor shows in reports, kept from one report to the next: a year's report of
 * a busy shop has ~80,000 visitors, and reading each one's record, parsing their dates and building
 * their segment list on every request was most of its time.
 *
 * Kept as three numbers per visitor (which profile, and the span of time it holds for) in typed
 * arrays, with one object per distinct profile: every visitor of every shop can be kept for a few
 * megabytes, so the hub can work them all out in the background after it starts. A kept profile is
 * dropped (`forget`) whenever the shopper's record changes — Shoppers says so for every change it
 * stores — so a withdrawn consent, an erasure or a visit a moment ago shows in the very next
 * report; when the time leaves the span over which `new` and `frequent` stay as they are, the
 * record is read again.
 */
export class VisitorProfiles {
  #code = new Int32Array(0);
  #from = new Float64Array(0);
  #until = new Float64Array(0);
  readonly #list: VisitorProfile[] = [];
  /**
   * Profiles by what the record alone decides — age, area, language, then each interest, as
   * numbers given by `#parts` — with one profile per set of segment bits at the end of the path.
   */
  readonly #root: KeyNode = { next: new Map() };
  readonly #parts = new Map<string, number>();

  /**
   * The profile of visitor number `visitor` at time `now`; null when they do not consent to
   * analytics and must not be counted. `recordOf` gives a visitor's shopper record (undefined
   * once erased); it is only asked when nothing is kept for that time.
   */
  of(visitor: number, recordOf: (visitor: number) => ShopperRecord | undefined, now: number): VisitorProfile | null {
    if (visitor >= this.#code.length) this.#grow(visitor + 1);
    let code = this.#code[visitor];
    // Most reports fall where nothing has come or gone from the visitor's 30-day windows.
    if (code === UNKNOWN || now < this.#from[visitor] || now >= this.#until[visitor]) code = this.#work(visitor, recordOf(visitor), now);
    return code === NOT_COUNTED ? null : code === ERASED ? ANONYMOUS : this.#list[code - FIRST];
  }

  /** True when a profile is kept for the visitor at time `now`: `of` would not read the record. */
  has(visitor: number, now: number): boolean {
    return visitor < this.#code.length && this.#code[visitor] !== UNKNOWN && now >= this.#from[visitor] && now < this.#until[visitor];
  }

  /** Drops what is kept of a visitor: their record has changed. */
  forget(visitor: number): void {
    if (visitor < this.#code.length) this.#code[visitor] = UNKNOWN;
  }

  #work(visitor: number, s: ShopperRecord | undefined, now: number): number {
    this.#from[visitor] = -Infinity;
    this.#until[visitor] = Infinity;
    // An erased shopper's visits stay as anonymous counts; a withdrawn consent removes them.
    if (!s) return (this.#code[visitor] = ERASED);
    if (!s.consent.analytics) return (this.#code[visitor] = NOT_COUNTED);
    const summary = summaryOf(s);
    if (Number.isInteger(now)) this.#steadyAround(visitor, summary, now);
    else this.#from[visitor] = this.#until[visitor] = now;
    return (this.#code[visitor] = this.#codeOf(s, behaviour(summary, now)));
  }

  /**
   * Sets the span of whole milliseconds around `now` over which `new` and `frequent` cannot change
   * (the other segments follow from the record alone): `new` ends the millisecond after 30 days
   * from the first visit; a visit counts towards `frequent` from its own time until the
   * millisecond after 30 days from it (both windows are inclusive at their edge).
   */
  #steadyAround(visitor: number, s: ShopperSummary, now: number): void {
    let from = -Infinity;
    let until = Infinity;
    const edge = (at: number) => {
      if (at <= now) from = Math.max(from, at);
      else until = Math.min(until, at);
    };
    if (s.firstVisitAt !== undefined) edge(s.firstVisitAt + NEW_WITHIN_DAYS * DAY_MS + 1);
    for (const t of s.recentVisits) {
      edge(t);
      edge(t + FREQUENT_WITHIN_DAYS * DAY_MS + 1);
    }
    this.#from[visitor] = from;
    this.#until[visitor] = until;
  }

  #codeOf(s: ShopperRecord, bits: number): number {
    // Walked by small numbers rather than a joined string: a record's own strings keep their
    // hash once worked out, a string joined per visitor would be hashed anew each time.
    let node = this.#step(this.#step(this.#step(this.#root, s.ageBand), s.homeArea), s.language);
    const interests = s.interests ?? NONE;
    for (let i = 0; i < interests.length; i++) if (interests.indexOf(interests[i]) === i) node = this.#step(node, interests[i]);
    const codes = (node.codes ??= new Int32Array(16));
    if (!codes[bits]) {
      const segments: string[] = [];
      if (bits & NEW) segments.push('new');
      if (bits & RETURNING) segments.push('returning');
      if (bits & FREQUENT) segments.push('frequent');
      if (bits & LAPSED) segments.push('lapsed');
      for (const i of new Set(interests)) segments.push(`interest:${i}`);
      codes[bits] = FIRST + this.#list.length;
      this.#list.push({ ageBand: s.ageBand, homeArea: s.homeArea, language: s.language, segments });
    }
    return codes[bits];
  }

  #step(node: KeyNode, part: string | undefined): KeyNode {
    let n = part === undefined ? 0 : this.#parts.get(part);
    if (n === undefined) this.#parts.set(part!, (n = this.#parts.size + 1));
    let next = node.next.get(n);
    if (!next) node.next.set(n, (next = { next: new Map() }));
    return next;
  }

  #grow(min: number): void {
    const size = Math.max(min, this.#code.length * 2, 1024);
    const code = new Int32Array(size);
    const from = new Float64Array(size);
    const until = new Float64Array(size);
    code.set(this.#code);
    from.set(this.#from);
    until.set(this.#until);
    [this.#code, this.#from, this.#until] = [code, from, until];
  }
}

/** The behavioural segments a report mixes by, in the order builtinSegments lists them. */
const behaviour = (s: ShopperSummary, now: number) =>
  (isNew(s, now) ? NEW : 0) | (isReturning(s) ? RETURNING : 0) | (isFrequent(s, now) ? FREQUENT : 0) | (isLapsed(s) ? LAPSED : 0);
