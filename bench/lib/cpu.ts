import { readFileSync } from 'node:fs';

/**
 * How busy the whole machine is from now on: `since()` gives the share of all cores' time spent
 * not idle (0–1) since this was made, from /proc/stat's first line (idle and iowait count as
 * idle), and the cores counted. Every process counts, the bench's own clients and anything else
 * running: a figure near 1 says the machine was saturated and latencies are queueing.
 */
export function machineBusy(): { since(): { busy: number; cores: number } } {
  const read = () => {
    const lines = readFileSync('/proc/stat', 'utf8').split('\n');
    const all = lines[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = all[3] + (all[4] ?? 0);
    const total = all.slice(0, 8).reduce((a, b) => a + b, 0);
    const cores = lines.filter((l) => /^cpu\d+ /.test(l)).length;
    return { idle, total, cores };
  };
  const start = read();
  return {
    since() {
      const now = read();
      const total = now.total - start.total;
      return { busy: total > 0 ? 1 - (now.idle - start.idle) / total : 0, cores: now.cores };
    },
  };
}
