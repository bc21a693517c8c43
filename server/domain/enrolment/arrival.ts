/**
 * The one rule for what a read (a card tap, a pass scan, a bridge read, a till scan, a replayed
 * offline tap) means, decided in one place for every touchpoint (DESIGN.md, Visit):
 *
 * - a **mall visit** begins with the first read after the shopper was away — no read within the
 *   visit window before it;
 * - a read in another zone than their previous read, while they are here, is an **arrival in that
 *   zone** (zone flow counts it), not a second mall visit;
 * - a read at a touchpoint other than their previous one (a shop's till is its own touchpoint) is
 *   an **arrival there**: a till counts its shop's visit once per arrival;
 * - every other read (a card resting on a reader, a second tap, a retry) only refreshes presence.
 */
export interface Arrival {
  /** A new mall visit: counted in the shopper's visits, segments, footfall and reports. */
  mall: boolean;
  /** An arrival in the read's zone (also true for every new mall visit). */
  zone: boolean;
  /** An arrival at the read's touchpoint, e.g. a shop's till (also true for every new mall visit). */
  place: boolean;
}

/** The shopper's latest read, as kept on their record. */
export interface LastRead {
  /** ISO time. */
  at: string;
  zoneId: string;
  touchpoint: string;
}

/**
 * Judges one read at `at` (epoch ms) against the shopper's latest read and the starts of their
 * recent mall visits (epoch ms). `windowMs` is the mall's visit window.
 *
 * A read older than the latest one (a kiosk's offline queue replayed late) is judged by the visits
 * recorded: it is part of the current stay if it falls within a window before the latest read
 * began it, and a new visit only if no recorded visit begins within a window either side of it.
 * Such a late read is an arrival in its zone or at its touchpoint only when it is a new visit:
 * the reads around it are not kept, so nothing finer can be known.
 */
export function judgeRead(
  last: LastRead | undefined,
  visitStarts: readonly number[],
  lastVisitAt: string | undefined,
  read: { at: number; zoneId: string; touchpoint: string },
  windowMs: number,
): Arrival {
  // No window (0): every read is a visit, as the tests of storage and replays want.
  if (!last || windowMs === 0) return { mall: true, zone: true, place: true };
  const lastAt = Date.parse(last.at);
  if (read.at >= lastAt) {
    if (read.at - lastAt > windowMs) return { mall: true, zone: true, place: true };
    return { mall: false, zone: read.zoneId !== last.zoneId, place: read.touchpoint !== last.touchpoint };
  }
  const stayFrom = lastVisitAt ? Date.parse(lastVisitAt) - windowMs : lastAt - windowMs;
  const mall = read.at < stayFrom && !visitStarts.some((s) => Math.abs(s - read.at) <= windowMs);
  return { mall, zone: mall, place: mall };
}
