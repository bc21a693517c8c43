/**
 * Whether a bits-ui date or time field holds some parts but not all (a day and month typed, no
 * year; an hour rubbed out). Such a field has no whole value, and says so when focus leaves it.
 * Reads the parts' aria-valuetext, which bits-ui sets to "Empty" for a part with nothing in it.
 * (bits-ui's TimeField keeps its last whole value when a part is cleared, so the fields ask the
 * parts themselves rather than the value.)
 */
export function incompleteIn(group: HTMLElement | null): boolean {
  if (!group) return false;
  const parts = [...group.querySelectorAll('[data-segment]:not([data-segment="literal"])')].map((p) => p.getAttribute('aria-valuetext') === 'Empty');
  return parts.includes(true) && parts.includes(false);
}
