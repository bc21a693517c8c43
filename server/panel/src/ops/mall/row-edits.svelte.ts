import { fromProblem, type FieldErrors } from '../../form-errors.ts';

/**
 * The edits of a list in the Mall tab, row by row: each row's field errors from the hub, and the
 * one line saying what was last done. `act` runs one change, then `onchange` (reload the mall).
 */
export class RowEdits {
  errors = $state<Record<string, FieldErrors>>({});
  saved = $state<string | null>(null);

  constructor(private readonly onchange: () => Promise<void>) {}

  /** Runs `action` for row `key`; on success says `done`, on refusal keeps the hub's errors by that row. */
  async act(key: string, action: () => Promise<unknown>, done: string): Promise<void> {
    this.errors = { ...this.errors, [key]: {} };
    this.saved = null;
    try {
      await action();
      await this.onchange();
      this.saved = done;
    } catch (e) {
      this.errors = { ...this.errors, [key]: fromProblem(e) };
    }
  }
}

/** Translations as typed: trimmed, empty ones left out (they fall back to the mall's own name). */
export function typedNames(names: Record<string, string>): { names?: Record<string, string> } {
  const kept = Object.fromEntries(Object.entries(names).map(([l, v]) => [l, v.trim()]).filter(([, v]) => v));
  return Object.keys(kept).length ? { names: kept } : {};
}
