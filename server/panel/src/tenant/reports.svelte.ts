import type { Granularity, TenantReport } from '#shared/schemas/reports.ts';
import { api, ApiProblem } from '../api.ts';

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** A shop's report page: the period asked for and the report the hub returned. */
export class ReportsView {
  from = $state(iso(new Date(Date.now() - 27 * 86400_000)));
  to = $state(iso(new Date()));
  granularity = $state<Granularity>('week');
  report = $state<TenantReport | null>(null);
  error = $state<{ message: string; field?: string } | null>(null);
  loading = $state(false);

  get query(): string {
    return new URLSearchParams({ from: this.from, to: this.to, granularity: this.granularity }).toString();
  }

  csvUrl(table: string): string {
    return `/api/tenant/reports.csv?${this.query}&table=${table}`;
  }

  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      this.report = await api<TenantReport>(`/api/tenant/reports?${this.query}`);
    } catch (e) {
      this.error = e instanceof ApiProblem ? { message: e.message, field: e.body.field } : { message: 'The hub could not be reached.' };
    } finally {
      this.loading = false;
    }
  }
}
