import { builtinSegments, isFrequent, isNew, type ShopperSummary } from '../../../shared/segments/index.ts';
import type { ShopperRecord } from '../../storage/records.ts';
import { summaryOf } from '../segments.ts';
import type { VisitorProfile } from './compute.ts';
import { setAt } from './visit-table.ts';

/** Segments a report mixes by: behaviour and interests (age, area and language have their own tables). */
const MIXED_SEGMENT = /^(new|returning|frequent|lapsed|interest:.*)$/;

/** An erased shopper's visits: still counted, with nothing known about who made them. */
const ANONYMOUS: VisitorProfile = Object.freeze({});

/** What a visitor's profile was worked out from, and the profile. */
interface Known {
  language: string;
  ageBand: string | undefined;
  homeArea: string | undefined;
  interests: readonly string[] | undefined;
  visitCount: number;
  firstVisitAt: string | undefined;
  lastVisitAt: string | undefined;
  previousVisitAt: string | undefined;
  summary: ShopperSummary;
  /** The time-dependent segments the profile was made with (see `timeFlags`). */
  flags: number;
  profile: VisitorProfile;
}

/**
 * The profile each visitor shows in reports, kept from one report to the next: a year's report of
 * a busy shop has ~80,000 visitors, and parsing each one's dates and building their segment list
 * on every request was most of its time. A kept profile is only reused after checking it against
 * the shopper's record as it is now (consent, profile fields, visit dates), so a withdrawn consent,
 * an erasure or a visit a moment ago shows in the very next report.
 */
export class VisitorProfiles {
  readonly #known: (Known | undefined)[] = [];
  /** One object per distinct profile: most visitors share theirs with many others. */
  readonly #shared = new Map<string, VisitorProfile>();

  /**
   * The profile of visitor number `visitor`, whose shopper record is `s` (undefined once erased),
   * at time `now`; null when they do not consent to analytics and must not be counted.
   */
  of(visitor: number, s: ShopperRecord | undefined, now: number): VisitorProfile | null {
    if (!s) {
      setAt(this.#known, visitor, undefined);
      return ANONYMOUS;
    }
    if (!s.consent.analytics) return null;
    let k = this.#known[visitor];
    if (!k || !unchanged(k, s)) {
      k = {
        language: s.language,
        ageBand: s.ageBand,
        homeArea: s.homeArea,
        interests: s.interests?.slice(),
        visitCount: s.visitCount,
        firstVisitAt: s.firstVisitAt,
        lastVisitAt: s.lastVisitAt,
        previousVisitAt: s.previousVisitAt,
        summary: summaryOf(s),
        flags: -1,
        profile: ANONYMOUS,
      };
      setAt(this.#known, visitor, k);
    }
    // Recent visits are read from the record each time: they only feed the time-dependent test.
    k.summary = k.summary.recentVisits === s.recentVisits && k.summary.zones === s.zones ? k.summary : { ...k.summary, recentVisits: s.recentVisits, zones: s.zones };
    const flags = timeFlags(k.summary, now);
    if (flags !== k.flags) {
      k.flags = flags;
      k.profile = this.#share({ ageBand: s.ageBand, homeArea: s.homeArea, language: s.language, segments: builtinSegments(k.summary, now).filter((id) => MIXED_SEGMENT.test(id)) });
    }
    return k.profile;
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

function unchanged(k: Known, s: ShopperRecord): boolean {
  return (
    k.language === s.language &&
    k.ageBand === s.ageBand &&
    k.homeArea === s.homeArea &&
    k.visitCount === s.visitCount &&
    k.firstVisitAt === s.firstVisitAt &&
    k.lastVisitAt === s.lastVisitAt &&
    k.previousVisitAt === s.previousVisitAt &&
    sameList(k.interests, s.interests)
  );
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
