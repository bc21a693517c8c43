/**
 * Positions in a day log's days noted as done by a follower of the log (the rewards and feedback
 * files note the visits they applied: server/domain/rewards/applied-visits.ts says why and how).
 * Per UTC day, `n`: positions 0 … n-1 all noted; `ahead`: the ones noted beyond the first gap,
 * ascending, each > n. Here so that a journaled file can replay a note (storage/rewards-file.ts).
 */
export interface AppliedDay {
  n: number;
  ahead?: number[];
}

/** UTC day (`YYYY-MM-DD`, the day file's name) → the positions in it noted. */
export type AppliedVisitsRecord = Record<string, AppliedDay>;

/** Index of the first element of ascending `list` that is ≥ `x`. */
function lowerBound(list: readonly number[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether `position` of UTC `day` is noted in `rec`. */
export function hasPosition(rec: AppliedVisitsRecord, day: string, position: number): boolean {
  const d = rec[day];
  if (!d) return false;
  if (position < d.n) return true;
  const ahead = d.ahead;
  if (!ahead?.length) return false;
  return ahead[lowerBound(ahead, position)] === position;
}

/** Notes `position` of UTC `day` in `rec` (in place); noting one already noted changes nothing. */
export function addPosition(rec: AppliedVisitsRecord, day: string, position: number): void {
  const d = (rec[day] ??= { n: 0 });
  if (position === d.n) {
    d.n++;
    // The positions noted ahead that now follow on without a gap join the run.
    if (d.ahead?.length) {
      let k = 0;
      while (k < d.ahead.length && d.ahead[k] === d.n) {
        d.n++;
        k++;
      }
      if (k) d.ahead.splice(0, k);
      if (!d.ahead.length) delete d.ahead;
    }
  } else if (position > d.n) {
    const ahead = (d.ahead ??= []);
    const i = lowerBound(ahead, position);
    if (ahead[i] !== position) ahead.splice(i, 0, position);
  }
}
