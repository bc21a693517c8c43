import type { Rotation } from '#shared/schemas/devices.ts';
import type { ScreenBulkBody, ScreenBulkResult } from '#shared/schemas/screen-list.ts';
import type { ScreenStatus } from '#shared/schemas/screens.ts';
import { showingNow } from '#shared/screen-state.ts';
import { api } from '#server/panel/src/api.ts';
import type { HubClock } from '../hub-clock.svelte.ts';
import type { LiveBoard } from '../live.svelte.ts';

/** The screens board: every screen's health, pushed live by the hub (see LiveBoard). */
export class ScreensBoard {
  readonly #live: () => LiveBoard;
  // Offline screens first: they are the ones that need someone.
  readonly screens: ScreenStatus[];
  readonly offline: ScreenStatus[];

  /** `live`: the panel's board, read through a getter as the component's props are. */
  constructor(live: () => LiveBoard) {
    this.#live = live;
    this.screens = $derived(Object.values(this.#live().screens).sort((a, b) => Number(a.online) - Number(b.online) || a.name.localeCompare(b.name)));
    this.offline = $derived(this.screens.filter((s) => !s.online));
  }

  get loaded(): boolean {
    return this.#live().loaded;
  }

  /** The hub's time, for "last heartbeat … ago". */
  get clock(): HubClock {
    return this.#live().clock;
  }

  /** Right after the operator's own change, rather than at the next push. */
  async refresh(): Promise<void> {
    await this.#live().refresh();
  }

  /** What a screen is showing, in words (see showingNow). */
  showing(s: ScreenStatus): string {
    return showingNow(s);
  }

  /**
   * Reloads, moves or revokes many screens on the hub, by id or by the list's filter.
   * @throws ApiProblem as `api` does (409 field `target.expect` when another number matches now)
   */
  async bulk(body: ScreenBulkBody): Promise<ScreenBulkResult> {
    return api<ScreenBulkResult>('/api/screens/bulk', body);
  }

  async rename(id: string, name: string): Promise<void> {
    await this.#settings(id, { name });
  }

  /** `refresh` false: a bulk move refreshes once at its end instead of after every screen. */
  async move(id: string, zoneId: string, refresh = true): Promise<void> {
    await this.#settings(id, { zoneId }, refresh);
  }

  async turn(id: string, rotation: Rotation): Promise<void> {
    await this.#settings(id, { rotation });
  }

  async identify(id: string): Promise<void> {
    await api(`/api/screens/${encodeURIComponent(id)}/identify`, {});
  }

  async reload(id: string): Promise<void> {
    await api(`/api/screens/${encodeURIComponent(id)}/reload`, {});
  }

  async revoke(id: string, refresh = true): Promise<void> {
    await api(`/api/devices/${encodeURIComponent(id)}/revoke`, {});
    if (refresh) await this.refresh();
  }

  async #settings(id: string, body: Record<string, string | number>, refresh = true): Promise<void> {
    await api(`/api/devices/${encodeURIComponent(id)}/settings`, body);
    if (refresh) await this.refresh();
  }
}
