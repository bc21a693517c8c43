import { builtinSegments, DAY_MS, FREQUENT_WITHIN_DAYS, isFrequent, isNew, NEW_WITHIN_DAYS, type ShopperSummary } from '../../../shared/segments/index.ts';
import type { ShopperRecord } from '../../storage/records.ts';
import { summaryOf } from '../segments.ts';
import type { VisitorProfile } from './compute.ts';
import { setAt } from './visit-table.ts';

/** Segments a report mixes by: behaviour and interests (age, area and language have their own tables). */
const MIXED_SEGMENT = /^(new|returning|frequent|lapsed|interest:.*)$/;

/** An erased shopper's visits: still counted, with nothing known about who made them. */
const ANONYMOUS: VisitorProfile = Object.freeze({});

/** A visitor's profile as last worked out, and what it was worked out from. */
interface Known {
  /** Null for a visitor who does not count (no analytics consent). */
  profile: VisitorProfile | null;
  /** For a counted shopper: their summary, to redo the time-dependent segments. */
  summary?: ShopperSummary;
  /** The time-dependent segments the profile was made with (see `timeFlags`). */
  flags: number;
  /** The times (epoch ms, from inclusive, until exclusive) over which those segments stay as they are. */
  from: number;
  until: number;
}

/**
 * The profile each visitor shows in reports, kept from one report to the next: a year's report of
 * a busy shop has ~80,000 visitors, and reading each one's record, parsing their dates and building
 * their segment list on every request was most of its time. A kept profile is dropped (`forget`)
 * whenever the shopper's record changes — Shoppers says so for every change it stores — so a
 * withdrawn consent, an erasure or a visit a moment ago shows in the very next report; the
 * segments that depend on the time as well (`new`, `frequent`) are checked on every report.
 */
export class VisitorProfiles {
  readonly #known: (Known | undefined)[] = [];
  /** One object per distinct profile: most visitors share theirs with many others. */
  readonly #shared = new Map<string, VisitorProfile>();

  /**
   * The profile of visitor number `visitor` at time `now`; null when they do not consent to
   * analytics and must not be counted. `recordOf` gives a visitor's shopper record (undefined
   * once erased); it is only asked when nothing is kept.
   */
  of(visitor: number, recordOf: (visitor: number) => ShopperRecord | undefined, now: number): VisitorProfile | null {
    let k = this.#known[visitor];
    if (!k) {
      const s = recordOf(visitor);
      // An erased shopper's visits stay as anonymous counts; a withdrawn consent removes them.
      k = !s
        ? { profile: ANONYMOUS, flags: 0, from: -Infinity, until: Infinity }
        : !s.consent.analytics
          ? { profile: null, flags: 0, from: -Infinity, until: Infinity }
          : { profile: null, summary: summaryOf(s), flags: -1, from: 0, until: 0 };
      setAt(this.#known, visitor, k);
    }
    // Most reports fall where nothing has come or gone from the visitor's 30-day windows.
    if (now >= k.from && now < k.until) return k.profile;
    if (!k.summary) return k.profile;
    const flags = timeFlags(k.summary, now);
    [k.from, k.until] = Number.isInteger(now) ? steadyAround(k.summary, now) : [0, 0];
    if (flags !== k.flags) {
      const s = k.summary;
      k.flags = flags;
      k.profile = this.#share({ ageBand: s.ageBand, homeArea: s.homeArea, language: s.language, segments: builtinSegments(s, now).filter((id) => MIXED_SEGMENT.test(id)) });
    }
    return k.profile;
  }

  /** Drops what is kept of a visitor: their record has changed. */
  forget(visitor: number): void {
    if (visitor < this.#known.length) this.#known[visitor] = undefined;
  }

  #share(p: VisitorProfile): VisitorProfile {
    const key = [p.ageBand ?? '', p.homeArea ?? '', p.language ?? '', ...(p.segments ?? [])].join('\u0000');
    let shared = this.#shared.get(key);
    if (!shared) this.#shared.set(key, (shared = p));
    return shared;
  }
}

/**
 * The built-in segments that depend on the time as well as the record: `new` and `frequent`.
 * Every other built-in segment follows from the record alone, so an unchanged record with the
 * same flags has the same segments.
 */
const timeFlags = (s: ShopperSummary, now: number) => (isNew(s, now) ? 1 : 0) | (isFrequent(s, now) ? 2 : 0);

/**
 * The span of whole milliseconds around `now` over which `timeFlags` cannot change: `new` ends
 * the millisecond after 30 days from the first visit; a visit counts towards `frequent` from its
 * own time until the millisecond after 30 days from it (both windows are inclusive at their edge).
 */
function steadyAround(s: ShopperSummary, now: number): [from: number, until: number] {
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
  return [from, until];
}
