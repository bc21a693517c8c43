/** Targets whose features do not exist yet: named, never faked. */
import { notBuilt, type BenchModule } from '../lib/measurement.ts';

export const tenantReport: BenchModule = {
  name: 'tenant one-year report',
  run: async () => [notBuilt('tenant-report', "a busy tenant's one-year visit report", '≤ 500 ms', 'reports are issue 7')],
};
