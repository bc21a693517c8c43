import type { OpsUpdate } from '#shared/schemas/ops.ts';
import type { Orientation, ScreenFilter, ScreenSort, ScreenState } from '#shared/schemas/screen-list.ts';
import type { ScreenStatus } from '#shared/schemas/screens.ts';
import { screenOrientation, screenSortValue, screenState } from '#shared/screen-state.ts';
import { HubSelection } from '#shared/ui/hub-selection.svelte.ts';
import type { HubTableView } from '#shared/ui/hub-table-view.svelte.ts';
import { hubListView } from '#server/panel/src/hub-list.ts';
import type { LiveBoard } from '../live.svelte.ts';

/** A live change that may move rows is gathered this long (ms) before the page is asked for again. */
export const REFETCH_MS = 1_000;

/**
 * The Screens list as the hub pages it (GET /api/screens/page): the filters, one page of 50, and
 * the ticks across pages. The socket's live statuses patch the rows in view (`fresh`); a change that
 * may move a screen into, out of or along the list (its state, name, zone, or the sorted value)
 * asks the hub for the same page again, gathered, so the operator keeps their page, sort and ticks.
 */
export class ScreensList {
  zone = $state('');
  group = $state('');
  status = $state<'' | ScreenState>('');
  orientation = $state<'' | Orientation>('');
  readonly view: HubTableView<ScreenStatus>;
  readonly selection: HubSelection<ScreenStatus>;
  readonly #live: () => LiveBoard;
  readonly #zoneName: (id: string) => string;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param live the panel's live board (read through a getter, as props are)
   * @param zoneName a zone's name by id, as the list sorts zones
   */
  constructor(live: () => LiveBoard, zoneName: (id: string) => string) {
    this.#live = live;
    this.#zoneName = zoneName;
    this.view = hubListView<ScreenStatus>('/api/screens/page', () => ({ ...this.filter() }));
    this.selection = new HubSelection<ScreenStatus>(
      (s) => s.screenId,
      () => JSON.stringify(this.filter()),
      () => this.view.total,
    );
  }

  /** The filters and search as the hub takes them (a bulk action by filter sends the same). */
  filter(): ScreenFilter {
    const q = this.view.query.trim();
    return {
      ...(q ? { q } : {}),
      ...(this.zone ? { zone: this.zone } : {}),
      ...(this.group ? { group: this.group } : {}),
      ...(this.status ? { status: this.status } : {}),
      ...(this.orientation ? { orientation: this.orientation } : {}),
    };
  }

  /** Starts listening to the live board; returns the function that stops. */
  start(): () => void {
    void this.view.reload();
    const stop = this.#live().watch((u) => this.#heard(u));
    return () => {
      stop();
      clearTimeout(this.#timer);
    };
  }

  /** A filter changed: the first page of what it matches. */
  refilter(): void {
    this.view.goTo(0);
  }

  /** The same page again now (after the operator's own change). */
  async refetch(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.view.reload();
  }

  /** A row as the socket last told it, else as the hub's page had it. */
  fresh(s: ScreenStatus): ScreenStatus {
    return this.#live().screens[s.screenId] ?? s;
  }

  #heard(u: OpsUpdate): void {
    const known = this.#live().screens;
    const moves =
      u.full ||
      u.removed.some((id) => id in known) ||
      u.screens.some((s) => {
        const before = known[s.screenId];
        return !before || this.#place(before) !== this.#place(s);
      });
    if (moves && this.#timer === undefined)
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        void this.view.reload();
      }, REFETCH_MS);
  }

  /** What decides whether and where a screen is listed under the current filters and sort. */
  #place(s: ScreenStatus): string {
    const sort = this.view.sortKey as ScreenSort | null;
    return JSON.stringify([s.name, s.zoneId, screenState(s), screenOrientation(s), sort ? screenSortValue(s, sort, this.#zoneName) : null]);
  }
}
