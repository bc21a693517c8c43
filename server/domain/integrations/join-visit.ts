import type { DomainBus } from '../core/bus.ts';

/** How long a welcome waits for the join's check-in before it goes without it. */
const JOIN_VISIT_WAIT_MS = 5000;

/**
 * Calls `welcome(shopperId)` once a new shopper's joining check-in has been recorded: the kiosk
 * enrols (`shopper.enrolled`) and then checks the shopper in (`visit.checked_in`), and a welcome
 * that names their reward progress must count that first visit ("2 more visits to a free
 * coffee"). Rewards take a visit in from the bus at once (domain/rewards/rewards.ts), so by the
 * time this calls back the progress includes it. If no check-in follows (it failed), the welcome
 * goes after a few seconds anyway. Returns a function that stops listening.
 */
export function onJoinVisit(bus: DomainBus, welcome: (shopperId: string) => void): () => void {
  const waiting = new Map<string, NodeJS.Timeout>();
  const fire = (shopperId: string) => {
    const timer = waiting.get(shopperId);
    if (!timer) return;
    clearTimeout(timer);
    waiting.delete(shopperId);
    // After every listener of this check-in (rewards among them) has taken it in.
    setImmediate(() => welcome(shopperId));
  };
  const onEnrolled = (e: { shopperId: string }) => {
    const timer = setTimeout(() => fire(e.shopperId), JOIN_VISIT_WAIT_MS);
    timer.unref();
    waiting.set(e.shopperId, timer);
  };
  const onVisit = (e: { shopperId: string }) => fire(e.shopperId);
  bus.on('shopper.enrolled', onEnrolled);
  bus.on('visit.checked_in', onVisit);
  return () => {
    bus.off('shopper.enrolled', onEnrolled);
    bus.off('visit.checked_in', onVisit);
    for (const t of waiting.values()) clearTimeout(t);
    waiting.clear();
  };
}
