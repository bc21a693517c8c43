/**
 * Short-lived messages after an action ("Revoked Kiosk 1"), shown by Toaster.svelte in a polite
 * live region. Each goes after `ms` (default 5 s) or when dismissed.
 */
export interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'ok' | 'error';
}

class Toasts {
  list = $state<Toast[]>([]);
  #next = 1;

  show(text: string, kind: Toast['kind'] = 'ok', ms = 5000): void {
    const id = this.#next++;
    this.list.push({ id, text, kind });
    setTimeout(() => this.dismiss(id), ms);
  }

  dismiss(id: number): void {
    this.list = this.list.filter((t) => t.id !== id);
  }
}

export const toasts = new Toasts();
