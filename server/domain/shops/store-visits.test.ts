import { describe, expect, it } from 'vitest';
import { tempFolderEach } from '#server/testing/files.ts';
import { BucketedRows } from '#server/storage/bucketed-rows.ts';
import { isoToDay } from '../mall/local-time.ts';
import { visitorPseudonym } from '../enrolment/pseudonym.ts';
import { StoreVisits, type StoreVisitRow } from './store-visits.ts';
import type { VisitTable } from '../reports/visit-table.ts';

const SECRET = Buffer.alloc(32, 7);

/** A table's rows back as stored rows (pseudonyms and zone names), to compare with the files. */
function rowsOf(visits: StoreVisits, t: VisitTable, names: Map<number, string>): StoreVisitRow[] {
  return Array.from({ length: t.length }, (_, i) => [t.day[i], t.minute[i], names.get(t.visitor[i])!, t.zone[i] < 0 ? null : visits.zoneName(t.zone[i])]);
}

describe('the shops’ visit index, as columns kept up with each visit', () => {
  const dir = tempFolderEach('atrium-store-visits-');

  const open = async () => new StoreVisits(await BucketedRows.open<StoreVisitRow>(dir(), { fsync: false }), SECRET, 'UTC');
  const shoppers = ['a', 'b', 'c', 'd'].map((s) => `shopper-${s}`);
  const at = (iso: string) => new Date(iso);

  it('answers with visits recorded after its last answer, and agrees with an index rebuilt from the files', async () => {
    const visits = await open();
    await visits.record('bean-there', shoppers[0], at('2026-03-30T09:15:00Z'), null);
    await visits.record('bean-there', shoppers[1], at('2026-04-02T10:00:00Z'), 'food-court');
    await visits.record('noodle-bar', shoppers[2], at('2026-04-02T12:00:00Z'), 'entrance');
    const from = isoToDay('2026-03-01');
    const to = isoToDay('2026-05-31');
    expect((await visits.between('bean-there', from, to)).select(-Infinity, Infinity).length).toBe(2);
    expect(await visits.firstSeen('bean-there')).toBeTypeOf('function');

    // After the index has answered once: a new month, a returning visitor, a new visitor.
    await visits.record('bean-there', shoppers[0], at('2026-05-05T17:30:00Z'), 'tech');
    await visits.record('bean-there', shoppers[3], at('2026-04-20T08:00:00Z'), null);
    await visits.record('bean-there', shoppers[1], at('2026-03-01T08:00:00Z'), null);

    const names = new Map(shoppers.map((id) => [visits.numberOf(visitorPseudonym(SECRET, id)), visitorPseudonym(SECRET, id)]));
    const kept = (await visits.between('bean-there', from, to)).select(-Infinity, Infinity);
    const first = await visits.firstSeen('bean-there');

    const rebuilt = await open();
    const fromFiles = (await rebuilt.between('bean-there', from, to)).select(-Infinity, Infinity);
    const firstFromFiles = await rebuilt.firstSeen('bean-there');
    const namesFromFiles = new Map(shoppers.map((id) => [rebuilt.numberOf(visitorPseudonym(SECRET, id)), visitorPseudonym(SECRET, id)]));

    expect(kept.length).toBe(5);
    expect(rowsOf(visits, kept, names)).toEqual(rowsOf(rebuilt, fromFiles, namesFromFiles));
    for (const id of shoppers) {
      const v = visitorPseudonym(SECRET, id);
      expect(first(visits.numberOf(v))).toBe(firstFromFiles(rebuilt.numberOf(v)));
    }
    // The earlier visit of shopper b moved their first day back; shopper c never came to this shop.
    expect(first(visits.numberOf(visitorPseudonym(SECRET, shoppers[1])))).toBe(isoToDay('2026-03-01'));
    expect(first(visits.numberOf(visitorPseudonym(SECRET, shoppers[2])))).toBeUndefined();
  });

  it('keeps to the days asked for and to the shop asked about', async () => {
    const visits = await open();
    await visits.record('bean-there', shoppers[0], at('2026-04-01T00:00:00Z'), null);
    await visits.record('bean-there', shoppers[0], at('2026-04-30T23:59:00Z'), null);
    await visits.record('noodle-bar', shoppers[0], at('2026-04-15T12:00:00Z'), null);
    const t = (await visits.between('bean-there', isoToDay('2026-04-02'), isoToDay('2026-04-30'))).select(-Infinity, Infinity);
    expect(t.length).toBe(1);
    expect([t.day[0], t.minute[0]]).toEqual([isoToDay('2026-04-30'), 23 * 60 + 59]);
  });
});
