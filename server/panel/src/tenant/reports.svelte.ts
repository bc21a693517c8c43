import type { MallInfo } from '#shared/schemas/mall.ts';
import type { Granularity, TenantReport } from '#shared/schemas/reports.ts';
import { api, ApiProblem } from '../api.ts';
import { ReportDates } from './chart-ticks.ts';
import { periodProblem } from '../period.ts';

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** A shop's report page: the period asked for, the report the hub returned, and the mall's names and locale to show it in. */
export class ReportsView {
  from = $state(iso(new Date(Date.now() - 27 * 86400_000)));
  to = $state(iso(new Date()));
  granularity = $state<Granularity>('week');
  report = $state<TenantReport | null>(null);
  /** The mall's lists (zones, interests, home areas) and locale; the report carries ids only. */
  mall = $state<MallInfo | null>(null);
  error = $state<{ message: string; field?: string } | null>(null);
  loading = $state(false);

  /** Dates in the mall's locale (British English until the mall is known). */
  readonly dates = $derived(new ReportDates(this.mall?.locale ?? 'en-GB'));

  get query(): string {
    return new URLSearchParams({ from: this.from, to: this.to, granularity: this.granularity }).toString();
  }

  csvUrl(table: string): string {
    return `/api/tenant/reports.csv?${this.query}&table=${table}`;
  }

  async load(): Promise<void> {
    this.error = periodProblem(this.from, this.to);
    if (this.error) return;
    this.loading = true;
    try {
      const [report, mall] = await Promise.all([api<TenantReport>(`/api/tenant/reports?${this.query}`), this.mall ?? api<MallInfo>('/api/mall')]);
      this.mall = mall;
      this.report = report;
    } catch (e) {
      this.error = e instanceof ApiProblem ? { message: e.message, field: e.body.field } : { message: 'The hub could not be reached.' };
    } finally {
      this.loading = false;
    }
  }
}
