import type { Orientation } from '../../../../../shared/schemas/devices.ts';
import type { Promotion } from '../../../../../shared/schemas/promotions.ts';
import type { ScreenStatus } from '../../../../../shared/schemas/screens.ts';
import { api } from '../../api.ts';

/** Often enough that a screen going dark shows within a heartbeat or two. */
const POLL_MS = 3_000;

/** The screens board: every screen's health, refreshed while the tab is open. */
export class ScreensBoard {
  screens = $state<ScreenStatus[]>([]);
  titles = $state<Record<string, string>>({});
  loaded = $state(false);
  #timer: ReturnType<typeof setInterval> | null = null;

  readonly offline = $derived(this.screens.filter((s) => !s.online));

  start(): () => void {
    void this.refresh();
    void this.#loadTitles();
    this.#timer = setInterval(() => void this.refresh(), POLL_MS);
    return () => {
      if (this.#timer) clearInterval(this.#timer);
    };
  }

  async refresh(): Promise<void> {
    try {
      const list = await api<ScreenStatus[]>('/api/screens/status');
      // Offline screens first: they are the ones that need someone.
      this.screens = list.sort((a, b) => Number(a.online) - Number(b.online) || a.name.localeCompare(b.name));
    } finally {
      this.loaded = true;
    }
  }

  /** What a screen is showing, in words: the promotion's title, or the welcome card. */
  showing(s: ScreenStatus): string {
    const item = s.heartbeat?.currentItem;
    if (!item) return '—';
    if (item === 'welcome') return 'Welcome card';
    return this.titles[item] ?? item;
  }

  async rename(id: string, name: string): Promise<void> {
    await this.#settings(id, { name });
  }

  async move(id: string, zoneId: string): Promise<void> {
    await this.#settings(id, { zoneId });
  }

  async turn(id: string, orientation: Orientation): Promise<void> {
    await this.#settings(id, { orientation });
  }

  async identify(id: string): Promise<void> {
    await api(`/api/screens/${encodeURIComponent(id)}/identify`, {});
  }

  async reload(id: string): Promise<void> {
    await api(`/api/screens/${encodeURIComponent(id)}/reload`, {});
  }

  async revoke(id: string): Promise<void> {
    await api(`/api/devices/${encodeURIComponent(id)}/revoke`, {});
    await this.refresh();
  }

  async #settings(id: string, body: Record<string, string>): Promise<void> {
    await api(`/api/devices/${encodeURIComponent(id)}/settings`, body);
    await this.refresh();
  }

  async #loadTitles(): Promise<void> {
    const promos = await api<Promotion[]>('/api/promotions?status=all').catch(() => []);
    this.titles = Object.fromEntries(promos.map((p) => [p.id, p.title]));
  }
}
