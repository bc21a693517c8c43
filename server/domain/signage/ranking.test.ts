import { describe, expect, it } from 'vitest';
import type { PromotionRecord } from '#server/storage/records.ts';
import type { PresenceCounts } from '../presence/presence.ts';
import { audienceOf, isScheduled, localClock, rank, type LocalClock } from './ranking.ts';

const K = 5;
const MONDAY_NOON: LocalClock = { date: '2026-11-23', weekday: 1, minutes: 12 * 60 };
const at = (hhmm: string, base = MONDAY_NOON): LocalClock => ({ ...base, minutes: Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)) });

function promo(over: Partial<PromotionRecord> & { id: string }): PromotionRecord {
  return {
    title: over.id,
    text: '',
    colours: { background: '#000000', text: '#ffffff' },
    segments: [],
    minAudience: 0,
    zones: [],
    screens: [],
    audienceScope: 'zone',
    schedule: { from: '2026-01-01', days: [], dayParts: [] },
    priority: 5,
    durationSeconds: 10,
    house: false,
    status: 'active',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    ...over,
  };
}

function counts(mall: Record<string, number>, zones: Record<string, Record<string, number>> = {}): PresenceCounts {
  return {
    mall: new Map(Object.entries(mall)),
    zones: new Map(Object.entries(zones).map(([z, c]) => [z, new Map(Object.entries(c))])),
  };
}

const screen = { id: 's1', zoneId: 'food-court' };
const coffee = promo({ id: 'coffee', segments: ['interest:coffee'], minAudience: 5, zones: ['food-court'] });
const house = promo({ id: 'house', house: true });

describe('schedule', () => {
  const lunch = { from: '2026-11-01', to: '2026-11-30', days: [], dayParts: [{ start: '11:30', end: '14:00' }] };
  it('day-part includes its start and excludes its end', () => {
    expect(isScheduled(lunch, at('11:29'))).toBe(false);
    expect(isScheduled(lunch, at('11:30'))).toBe(true);
    expect(isScheduled(lunch, at('13:59'))).toBe(true);
    expect(isScheduled(lunch, at('14:00'))).toBe(false);
  });
  it('a day-part ending 24:00 covers the last minute of the day', () => {
    expect(isScheduled({ ...lunch, dayParts: [{ start: '18:00', end: '24:00' }] }, at('23:59'))).toBe(true);
  });
  it('date range is inclusive at both ends', () => {
    const s = { ...lunch, dayParts: [] };
    expect(isScheduled(s, { ...MONDAY_NOON, date: '2026-11-01' })).toBe(true);
    expect(isScheduled(s, { ...MONDAY_NOON, date: '2026-11-30' })).toBe(true);
    expect(isScheduled(s, { ...MONDAY_NOON, date: '2026-10-31' })).toBe(false);
    expect(isScheduled(s, { ...MONDAY_NOON, date: '2026-12-01' })).toBe(false);
  });
  it('weekdays: empty means every day', () => {
    const s = { from: '2026-01-01', days: [0, 6], dayParts: [] };
    expect(isScheduled(s, MONDAY_NOON)).toBe(false);
    expect(isScheduled(s, { ...MONDAY_NOON, weekday: 6 })).toBe(true);
    expect(isScheduled({ ...s, days: [] }, MONDAY_NOON)).toBe(true);
  });
  it('localClock reads the mall’s time zone, not the process’s', () => {
    const d = new Date('2026-11-23T08:05:00Z');
    expect(localClock(d, 'Europe/Budapest')).toEqual({ date: '2026-11-23', weekday: 1, minutes: 9 * 60 + 5 });
    expect(localClock(new Date('2026-11-22T23:30:00Z'), 'Europe/Budapest')).toEqual({ date: '2026-11-23', weekday: 1, minutes: 30 });
  });
});

describe('ranking', () => {
  it('nothing qualifies → house content', () => {
    expect(rank([coffee, house], screen, counts({}), K, MONDAY_NOON).map((r) => r.promotion.id)).toEqual(['house']);
  });
  it('a targeted promotion qualifies at its minimum audience in the screen zone, and house leaves', () => {
    const c = counts({ 'interest:coffee': 5 }, { 'food-court': { 'interest:coffee': 5 } });
    expect(rank([coffee, house], screen, c, K, MONDAY_NOON).map((r) => r.promotion.id)).toEqual(['coffee']);
    const four = counts({ 'interest:coffee': 4 }, { 'food-court': { 'interest:coffee': 4 } });
    expect(rank([coffee, house], screen, four, K, MONDAY_NOON).map((r) => r.promotion.id)).toEqual(['house']);
  });
  it('K is the floor even when the minimum audience is lower', () => {
    const low = promo({ id: 'low', segments: ['new'], minAudience: 1 });
    expect(rank([low], screen, counts({}, { 'food-court': { new: 4 } }), K, MONDAY_NOON)).toEqual([]);
    expect(rank([low], screen, counts({}, { 'food-court': { new: 5 } }), K, MONDAY_NOON).length).toBe(1);
  });
  it('zone audience counts only the screen zone; mall audience counts everyone', () => {
    const c = counts({ 'interest:coffee': 9 }, { 'food-court': { 'interest:coffee': 1 }, fashion: { 'interest:coffee': 8 } });
    expect(audienceOf(coffee, c, 'food-court')).toBe(1);
    expect(audienceOf({ ...coffee, audienceScope: 'mall' }, c, 'food-court')).toBe(9);
    expect(rank([{ ...coffee, audienceScope: 'mall' }], screen, c, K, MONDAY_NOON).length).toBe(1);
  });
  it('several segments: the largest one counts, never a sum', () => {
    const p = promo({ id: 'p', segments: ['new', 'lapsed'] });
    expect(audienceOf(p, counts({}, { 'food-court': { new: 3, lapsed: 4 } }), 'food-court')).toBe(4);
  });
  it('ranks by audience × priority, then priority', () => {
    const a = promo({ id: 'a', segments: ['new'], priority: 2 }); // 10 × 2 = 20
    const b = promo({ id: 'b', segments: ['lapsed'], priority: 5 }); // 6 × 5 = 30
    const c = promo({ id: 'c', segments: ['frequent'], priority: 4 }); // 5 × 4 = 20
    const ranked = rank([a, b, c], screen, counts({}, { 'food-court': { new: 10, lapsed: 6, frequent: 5 } }), K, MONDAY_NOON);
    expect(ranked.map((r) => [r.promotion.id, r.score])).toEqual([['b', 30], ['c', 20], ['a', 20]]);
  });
  it('only promotions for this screen’s zone or naming this screen, scheduled now, active', () => {
    const elsewhere = promo({ id: 'elsewhere', zones: ['fashion'] });
    const named = promo({ id: 'named', screens: ['s1'] });
    const lunchOnly = promo({ id: 'lunch', schedule: { from: '2026-01-01', days: [], dayParts: [{ start: '11:30', end: '12:00' }] } });
    const archived = promo({ id: 'gone', status: 'archived' });
    const ids = rank([elsewhere, named, lunchOnly, archived], screen, counts({}), K, MONDAY_NOON).map((r) => r.promotion.id);
    expect(ids).toEqual(['named']);
    expect(rank([lunchOnly], screen, counts({}), K, at('11:45')).length).toBe(1);
  });
  it('house content outside its schedule is not shown', () => {
    const late = promo({ id: 'late', house: true, schedule: { from: '2026-01-01', days: [], dayParts: [{ start: '18:00', end: '22:00' }] } });
    expect(rank([late], screen, counts({}), K, MONDAY_NOON)).toEqual([]);
  });
});
