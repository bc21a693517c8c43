/**
 * Confirmation before a destructive action, in the page's own dialog (ConfirmHost.svelte) rather
 * than window.confirm: styled, themed, and its words and buttons read by assistive tech.
 *
 *   if (!(await confirmAction({ message: `Revoke ${name}?`, confirmLabel: 'Revoke' }))) return;
 */
export interface ConfirmOptions {
  /** The question, e.g. "Revoke Kiosk 1? It stops at once." */
  message: string;
  /** The confirming button's words: the action itself ("Revoke", "Delete"), never "OK". */
  confirmLabel: string;
  title?: string;
  cancelLabel?: string;
  /** Paints the confirming button as destructive; true unless said otherwise. */
  danger?: boolean;
}

interface Pending extends ConfirmOptions {
  resolve: (confirmed: boolean) => void;
}

class ConfirmQueue {
  /** The question on screen, if any; later ones wait their turn. */
  current = $state<Pending | null>(null);
  #waiting: Pending[] = [];

  ask(options: ConfirmOptions): Promise<boolean> {
    return new Promise((resolve) => {
      this.#waiting.push({ ...options, resolve });
      if (!this.current) this.current = this.#waiting.shift() ?? null;
    });
  }

  answer(confirmed: boolean): void {
    const c = this.current;
    if (!c) return;
    this.current = this.#waiting.shift() ?? null;
    c.resolve(confirmed);
  }
}

export const confirmQueue = new ConfirmQueue();

/** Asks the person; resolves true when they confirm, false when they cancel or press Escape. */
export const confirmAction = (options: ConfirmOptions): Promise<boolean> => confirmQueue.ask(options);
