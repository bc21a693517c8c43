/**
 * Short-lived messages after an action ("Revoked Kiosk 1"), shown by Toaster.svelte in a polite
 * live region. Each goes after `ms` (default 5 s) or when dismissed.
 */
export interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'ok' | 'error';
  /** A button beside the text, e.g. Undo after an archive; the toast goes once it is pressed. */
  action?: { label: string; run: () => void };
}

class Toasts {
  list = $state<Toast[]>([]);
  #next = 1;

  show(text: string, kind: Toast['kind'] = 'ok', ms = 5000, action?: Toast['action']): void {
    const id = this.#next++;
    this.list.push({ id, text, kind, ...(action ? { action } : {}) });
    setTimeout(() => this.dismiss(id), ms);
  }

  /** A message with an Undo button, kept longer (10 s) so there is time to press it. */
  undoable(text: string, undo: () => void): void {
    this.show(text, 'ok', 10_000, { label: 'Undo', run: undo });
  }

  dismiss(id: number): void {
    this.list = this.list.filter((t) => t.id !== id);
  }
}

export const toasts = new Toasts();
