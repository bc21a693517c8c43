import type { PlayReport } from '#shared/schemas/play-report.ts';
import type { Playlist, Promotion } from '#shared/schemas/promotions.ts';
import type { ScreenName } from '#shared/schemas/screens.ts';
import type { PromotionCalendar } from '#shared/schemas/signage-calendar.ts';
import { api, ApiProblem } from '../../api.ts';

/** The filters of the proof-of-play report as the form holds them; '' means "all". */
export interface PlayFilters {
  from: string;
  to: string;
  promotionId: string;
  screenId: string;
  zoneId: string;
  // A screen-group filter ('groupId') joins here, in query() and on the hub's PlayReportQuery.
}

const daysBefore = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) - n * 86400_000).toISOString().slice(0, 10);

/**
 * The panel's plays desk: the proof-of-play report (with its CSV link), the promotions calendar and
 * a screen's loop. Errors from the hub keep the field they name, so the form shows them in place.
 */
export class PlaysDesk {
  promotions = $state<Promotion[]>([]);
  screens = $state<ScreenName[]>([]);
  filters = $state<PlayFilters>({ from: '', to: '', promotionId: '', screenId: '', zoneId: '' });
  report = $state<PlayReport | null>(null);
  loading = $state(false);
  error = $state<{ message: string; field: string | null } | null>(null);

  calendar = $state<PromotionCalendar | null>(null);
  calendarZone = $state('');
  calendarError = $state<string | null>(null);

  playlist = $state<Playlist | null>(null);
  loopScreen = $state('');
  loopError = $state<string | null>(null);

  /**
   * Loads the lists the filters choose from, this week's calendar, and a first report of the last
   * 7 days up to today on the mall's clock (the calendar says which day that is, not the browser).
   */
  async start(): Promise<void> {
    const [promotions, screens] = await Promise.all([api<Promotion[]>('/api/promotions?status=all'), api<ScreenName[]>('/api/screens/names'), this.loadCalendar()]);
    this.promotions = promotions;
    this.screens = screens;
    this.loopScreen = screens[0]?.screenId ?? '';
    const today = this.calendar?.today ?? new Date().toISOString().slice(0, 10);
    this.filters.to = today;
    this.filters.from = daysBefore(today, 6);
    await this.load();
  }

  /** The query string of the current filters (empty ones left out). */
  query(): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(this.filters)) if (v) q.set(k, v);
    return q.toString();
  }

  get csvUrl(): string {
    return `/api/proof-of-play/report.csv?${this.query()}`;
  }

  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      this.report = await api<PlayReport>(`/api/proof-of-play/report?${this.query()}`);
    } catch (e) {
      this.report = null;
      this.error = e instanceof ApiProblem ? { message: e.message, field: e.body.field ?? null } : { message: String(e), field: null };
    } finally {
      this.loading = false;
    }
  }

  async loadCalendar(from?: string): Promise<void> {
    const q = new URLSearchParams({ days: '7' });
    if (from) q.set('from', from);
    if (this.calendarZone) q.set('zoneId', this.calendarZone);
    try {
      this.calendar = await api<PromotionCalendar>(`/api/promotions/calendar?${q}`);
      this.calendarError = null;
    } catch (e) {
      this.calendarError = e instanceof Error ? e.message : String(e);
    }
  }

  async loadPlaylist(): Promise<void> {
    if (!this.loopScreen) return;
    try {
      this.playlist = await api<Playlist>(`/api/screens/${encodeURIComponent(this.loopScreen)}/playlist`);
      this.loopError = null;
    } catch (e) {
      this.playlist = null;
      this.loopError = e instanceof Error ? e.message : String(e);
    }
  }
}
