/**
 * "12 s ago", "3 min ago", "2 h ago": how long before `now` a time was. Pass `now` on the same
 * clock as `iso` — for times the hub stamped, the panel's HubClock.
 */
export function ago(iso: string, now: number): string {
  const secs = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (secs < 90) return `${secs} s ago`;
  const mins = Math.round(secs / 60);
  return mins < 90 ? `${mins} min ago` : `${Math.round(mins / 60)} h ago`;
}
