import { describe, expect, it } from 'vitest';
import { RetrySchedule } from './retry-schedule.ts';

const delivery = (id: string, status: string, updatedAt: string) => ({ id, status, updatedAt });

describe('RetrySchedule.dropFinished (retention of delivery logs)', () => {
  it('drops finished deliveries last changed before the cut, keeps pending ones whatever their age, and can run again', () => {
    const log = [
      delivery('old-sent', 'delivered', '2026-01-01T00:00:00.000Z'),
      delivery('old-failed', 'failed', '2026-02-01T00:00:00.000Z'),
      delivery('old-pending', 'pending', '2026-01-01T00:00:00.000Z'),
      delivery('recent', 'delivered', '2026-06-01T00:00:00.000Z'),
    ];
    const cut = new Date('2026-05-01T00:00:00.000Z');
    expect(RetrySchedule.dropFinished(log, cut)).toBe(2);
    expect(log.map((d) => d.id)).toEqual(['old-pending', 'recent']);
    expect(RetrySchedule.dropFinished(log, cut)).toBe(0);
  });
});
