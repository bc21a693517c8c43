/**
 * Which recorded visits a follower of visits (rewards, feedback) has applied, kept in the
 * follower's own file and changed in the same write as what the visit changed there.
 *
 * Why: the visit goes to disk first (its day file, through the journal), then the bus tells the
 * followers, each writing its own file. A crash in between would lose the stamp (or the feedback
 * message) of a visit that is stored. With this list, start-up finds the stored visits a follower
 * has not applied and applies them then (`replay`); a visit applied already is never applied again.
 */
import { dayOf, type DailyLog } from '#server/storage/daily-log.ts';
import type { VisitRecord } from '#server/storage/records.ts';
import { MAX_BACKDATE_MS } from '../enrolment/shoppers.ts';

/** UTC day (`YYYY-MM-DD`, the visit day file's name) → ids of the visits of that day applied. */
export type AppliedVisitsRecord = Record<string, string[]>;

/**
 * How far back a visit still being applied can lie: a replayed offline tap may carry a time up to
 * MAX_BACKDATE_MS ago, and day files are UTC days; one more day to spare.
 */
const REACH_MS = MAX_BACKDATE_MS + 2 * 86_400_000;

/** The first UTC day whose visits are followed at `now` (epoch ms). */
export const firstFollowedDay = (now: number): string => dayOf(new Date(now - REACH_MS));

/** A visit as a follower gets it, from the bus or from its stored record. */
export interface FollowedVisit {
  visitId: string;
  shopperId: string;
  zoneId: string;
  at: string;
  touchpoint: string;
  mallVisit: boolean;
}

export const followedVisitOf = (v: VisitRecord & { shopperId: string }): FollowedVisit => ({
  visitId: v.id,
  shopperId: v.shopperId,
  zoneId: v.zoneId,
  at: v.at,
  touchpoint: v.touchpoint,
  mallVisit: !v.kind,
});

/** The applied list of one follower, over the `applied` field of its file's data. */
export class AppliedVisits {
  readonly #sets = new Map<string, Set<string>>();

  /** `record()` reads the file's current list (the file's data object may be replaced). */
  constructor(private readonly record: () => AppliedVisitsRecord) {
    for (const [day, ids] of Object.entries(record())) this.#sets.set(day, new Set(ids));
  }

  has(visitId: string, at: string): boolean {
    return this.#sets.get(dayOf(at))?.has(visitId) ?? false;
  }

  /** Notes a visit as applied (in memory; the caller's commit writes it) and drops days out of reach at `now`. */
  add(visitId: string, at: string, now: number): void {
    const day = dayOf(at);
    const rec = this.record();
    let set = this.#sets.get(day);
    if (!set) {
      this.#sets.set(day, (set = new Set()));
      rec[day] = [];
    }
    if (set.has(visitId)) return;
    set.add(visitId);
    rec[day].push(visitId);
    this.trim(now);
  }

  /** Drops the days before the followed reach at `now`; returns whether any went. */
  trim(now: number): boolean {
    const first = firstFollowedDay(now);
    const rec = this.record();
    let dropped = false;
    for (const day of Object.keys(rec)) {
      if (day >= first) continue;
      delete rec[day];
      this.#sets.delete(day);
      dropped = true;
    }
    return dropped;
  }
}

/**
 * Calls `apply` for every stored visit within reach at `now` that has a shopper (an erased one's
 * visits earn nothing), that the follower `follows` and `applied` does not list, in the order they
 * were stored; `apply` notes each as applied. With `adopt`, nothing is applied: every visit within reach is noted as applied (the first
 * start over a file from before the list existed, whose visits were all followed live). Resolves
 * with how many visits were applied.
 */
export async function replayVisits(
  visits: DailyLog<VisitRecord>,
  applied: AppliedVisits,
  now: number,
  apply: (v: FollowedVisit) => void,
  options: { adopt?: boolean; follows?: (v: FollowedVisit) => boolean } = {},
): Promise<number> {
  const follows = options.follows ?? (() => true);
  const first = firstFollowedDay(now);
  let count = 0;
  for (const day of await visits.days()) {
    if (day < first) continue;
    for (const v of await visits.read(day)) {
      if (!v.shopperId || applied.has(v.id, v.at)) continue;
      const visit = followedVisitOf(v as VisitRecord & { shopperId: string });
      if (!follows(visit)) continue;
      if (options.adopt) {
        applied.add(v.id, v.at, now);
        continue;
      }
      apply(visit);
      applied.add(v.id, v.at, now);
      count++;
    }
  }
  return count;
}
