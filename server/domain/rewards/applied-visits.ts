/**
 * Which recorded visits a follower of visits (rewards, feedback) has applied, kept in the
 * follower's own file and changed in the same write as what the visit changed there.
 *
 * Why: the visit goes to disk first (its day file, through the journal), then the bus tells the
 * followers, each writing its own file. A crash in between would lose the stamp (or the feedback
 * message) of a visit that is stored. With this record, start-up finds the stored visits a follower
 * has not applied and applies them then (`replayVisits`); a visit applied already is never applied
 * again.
 *
 * How it stays small: a day's visit file is an append-only log (server/storage/daily-log.ts) whose
 * entries never move (erasure and retention rewrite rows in place, DailyLog.rewrite refuses any
 * other change), so a visit is named by its day and its position in that day. Per UTC day the
 * record keeps `n`, how many leading positions are all applied, and `ahead`, the positions applied
 * beyond the first gap. Visits reach the followers nearly in storing order, so `ahead` is empty or
 * holds a few positions for a moment: the record is a few numbers per day, however busy the mall
 * (an id list of every followed visit was ~10 MB for 30,000 visits a day, rewritten per visit).
 */
import { addPosition, hasPosition, type AppliedVisitsRecord } from '#server/storage/applied-positions.ts';
import { dayOf, type DailyLog, type DayReader } from '#server/storage/daily-log.ts';
import type { VisitRecord } from '#server/storage/records.ts';
import { MAX_BACKDATE_MS } from '../enrolment/shoppers.ts';

export type { AppliedDay, AppliedVisitsRecord } from '#server/storage/applied-positions.ts';

/**
 * How far back a visit still being applied can lie: a replayed offline tap may carry a time up to
 * MAX_BACKDATE_MS ago, and day files are UTC days; one more day to spare.
 */
const REACH_MS = MAX_BACKDATE_MS + 2 * 86_400_000;

/** The first UTC day whose visits are followed at `now` (epoch ms). */
export const firstFollowedDay = (now: number): string => dayOf(new Date(now - REACH_MS));

/**
 * A visit as a follower gets it, from the bus or from its stored record. `position`: its index in
 * its UTC day's visit log (DailyLog.appendPositioned), 0-based.
 */
export interface FollowedVisit {
  visitId: string;
  shopperId: string;
  zoneId: string;
  at: string;
  touchpoint: string;
  mallVisit: boolean;
  position: number;
}

export const followedVisitOf = (v: VisitRecord & { shopperId: string }, position: number): FollowedVisit => ({
  visitId: v.id,
  shopperId: v.shopperId,
  zoneId: v.zoneId,
  at: v.at,
  touchpoint: v.touchpoint,
  mallVisit: !v.kind,
  position,
});

/** The applied record of one follower, over the `applied` field of its file's data. */
export class AppliedVisits {
  /** `record()` reads the file's current record (the file's data object may be replaced). */
  constructor(private readonly record: () => AppliedVisitsRecord) {}

  /** Whether the visit at `position` of the day of `at` is applied. */
  has(at: string, position: number): boolean {
    return hasPosition(this.record(), dayOf(at), position);
  }

  /**
   * Notes the visit at `position` of the day of `at` as applied (in memory; the caller's write
   * keeps it) and drops days out of reach at `now`. Noting one already noted changes nothing.
   */
  add(at: string, position: number, now: number): void {
    addPosition(this.record(), dayOf(at), position);
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
      dropped = true;
    }
    return dropped;
  }
}

/**
 * A follower's applied record in two parts: the file's own (`applied` in its data: only visits
 * whose journaled change is on disk, put there as it lands, so a checkpoint never writes a note
 * whose change a crash could lose) and the one in memory (changes in flight included), which says
 * whether a visit is applied. A file without the record (from before it) is `adopt`ed at start-up.
 */
export class FollowedVisits {
  readonly adopt: boolean;
  readonly #now: AppliedVisitsRecord;
  /** The record in memory, for replayDay. */
  readonly memory: AppliedVisits;
  readonly #onDisk: AppliedVisits;

  /** `data()` reads the file's current data. */
  constructor(private readonly data: () => { applied?: AppliedVisitsRecord }) {
    const d = data();
    this.adopt = d.applied === undefined;
    d.applied ??= {};
    this.#now = structuredClone(d.applied);
    this.memory = new AppliedVisits(() => this.#now);
    this.#onDisk = new AppliedVisits(() => (this.data().applied ??= {}));
  }

  has(at: string, position: number): boolean {
    return this.memory.has(at, position);
  }

  /**
   * Notes a visit as applied in memory (and drops days out of reach at `now` from both records);
   * returns what the journaled change notes in the file: `[UTC day, position]`.
   */
  add(at: string, position: number, now: number): [string, number] {
    this.memory.add(at, position, now);
    this.#onDisk.trim(now);
    return [dayOf(at), position];
  }

  /** Start-up, once every change is on disk: the file's record becomes the one in memory (visits only noted included). */
  settle(now: number): void {
    this.memory.trim(now);
    this.data().applied = structuredClone(this.#now);
  }
}

/**
 * Goes through one stored day of visits (`rows`, as DailyLog.read gives it) in the order they were
 * stored and notes each one the record does not hold as applied. Calls `apply` (before noting)
 * for those that have a shopper (an erased one's visits earn nothing) and that the follower
 * `follows`; the rest are only noted, so the record has no gap. With `adopt`, nothing is applied:
 * every visit is noted (the first start over a file from before the record existed, whose visits
 * were all followed live). Returns how many visits were applied.
 */
export function replayDay(
  rows: readonly VisitRecord[],
  applied: AppliedVisits,
  now: number,
  apply: (v: FollowedVisit) => void,
  options: { adopt?: boolean; follows?: (v: FollowedVisit) => boolean } = {},
): number {
  const follows = options.follows ?? (() => true);
  let count = 0;
  for (let position = 0; position < rows.length; position++) {
    const v = rows[position];
    if (applied.has(v.at, position)) continue;
    if (!options.adopt && v.shopperId) {
      const visit = followedVisitOf(v as VisitRecord & { shopperId: string }, position);
      if (follows(visit)) {
        apply(visit);
        count++;
      }
    }
    applied.add(v.at, position, now);
  }
  return count;
}

/**
 * replayDay over every stored day within reach at `now` (from `firstFollowedDay(now)` on), oldest
 * first, for one follower on its own; at start-up the followers share one pass (recoverFromVisits).
 * Resolves with how many visits were applied.
 */
export async function replayVisits(
  visits: DailyLog<VisitRecord>,
  applied: AppliedVisits,
  now: number,
  apply: (v: FollowedVisit) => void,
  options: { adopt?: boolean; follows?: (v: FollowedVisit) => boolean } = {},
): Promise<number> {
  let count = 0;
  await visits.readDaysFrom(firstFollowedDay(now), [{ day: (_day, rows) => void (count += replayDay(rows, applied, now, apply, options)) }]);
  return count;
}

/**
 * A follower's start-up recovery, fed the stored visit days within reach at `now` (from
 * `firstFollowedDay(now)` on, oldest first) by one shared pass (DailyLog.readDaysFrom, wired in
 * server/services.ts), then finished with `done()`, which resolves with how many visits it made
 * good once its own file is on disk.
 */
export interface VisitRecovery extends DayReader<VisitRecord> {
  done(): Promise<number>;
}

/** Runs recoveries over the stored visits in one pass: each day within reach is read once for all. */
export async function recoverFromVisits(visits: DailyLog<VisitRecord>, now: number, recoveries: readonly VisitRecovery[]): Promise<number[]> {
  await visits.readDaysFrom(firstFollowedDay(now), recoveries);
  const made: number[] = [];
  for (const r of recoveries) made.push(await r.done());
  return made;
}
