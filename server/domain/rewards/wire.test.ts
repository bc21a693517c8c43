import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CatalogueItem, PointsRule, Reward, StampRule, TillReward } from '#shared/schemas/rewards.ts';
import { RewardRecord, type MallRecord } from '#server/storage/records.ts';
import { toReward, toTillReward } from './wire.ts';

/** Record fields the wire leaves out on purpose, and why. Anything else must reach the wire as stored. */
const NOT_ON_THE_WIRE: Partial<Record<keyof RewardRecord, string>> = {
  updatedAt: 'bookkeeping for the hub; the panel lists rewards by their making',
};
/** Wire fields worked out from other records, not copied from the reward's. */
const DERIVED: Partial<Record<keyof Reward, string>> = {
  shop: 'the redeeming shop’s name, from the mall’s tenants',
};

/** A reward with every field the record can hold set (both rules, so nothing optional is missing). */
const full: RewardRecord = {
  id: 'r1',
  name: 'a free coffee',
  kind: 'stamps',
  counts: 'shop',
  tenantId: 'bean-there',
  owner: 'shop',
  stamps: { visits: 3, periodDays: 30 },
  points: { perVisit: 10, periodDays: 30, catalogue: [{ id: 'mug', name: 'Mug', points: 50 }] },
  validDays: 14,
  onRedeem: 'carry',
  status: 'pending',
  createdAt: '2026-11-02T10:00:00.000Z',
  updatedAt: '2026-11-03T10:00:00.000Z',
};
const mall = { tenants: [{ id: 'bean-there', name: 'Bean There Coffee' }] } as unknown as MallRecord;

const keysOf = (schema: z.ZodObject) => Object.keys(schema.shape).sort();
/** The object schema inside optional/array wrappers. */
const objectIn = (schema: z.ZodType): z.ZodObject => {
  let s = schema as z.ZodType & { unwrap?: () => z.ZodType; element?: z.ZodType };
  while (!('shape' in s)) s = (s.unwrap?.() ?? s.element) as typeof s;
  return s as unknown as z.ZodObject;
};

describe('rewards on the wire: the mapping covers every stored field, so the two shapes cannot drift apart silently', () => {
  it('the fixture sets every field the record has (a new record field must be added here, and so decided on)', () => {
    expect(Object.keys(full).sort()).toEqual(keysOf(RewardRecord));
    expect(Object.keys(full.stamps!).sort()).toEqual(keysOf(objectIn(RewardRecord.shape.stamps)));
    expect(Object.keys(full.points!).sort()).toEqual(keysOf(objectIn(RewardRecord.shape.points)));
    expect(Object.keys(full.points!.catalogue[0]!).sort()).toEqual(keysOf(objectIn(objectIn(RewardRecord.shape.points).shape.catalogue as z.ZodType)));
  });

  it('every record field reaches the wire as stored, or is named as left out', () => {
    const wire = toReward(full, mall) as Record<string, unknown>;
    for (const key of keysOf(RewardRecord)) {
      if (key in NOT_ON_THE_WIRE) {
        expect(wire, `${key} is listed as left out`).not.toHaveProperty(key);
        continue;
      }
      expect(wire[key], `record field ${key}`).toEqual(full[key as keyof RewardRecord]);
    }
  });

  it('every wire field comes from the record or is named as derived; the wire parses', () => {
    const wire = toReward(full, mall);
    expect(Reward.parse(wire)).toEqual(wire);
    for (const key of keysOf(Reward)) {
      if (key in DERIVED) continue;
      expect(keysOf(RewardRecord), `wire field ${key} has a stored source`).toContain(key);
    }
    expect(Object.keys(wire).sort()).toEqual(keysOf(Reward));
    expect(wire.shop).toBe('Bean There Coffee');
    // The rules' wire shapes and the stored ones hold the same fields.
    expect(keysOf(StampRule)).toEqual(keysOf(objectIn(RewardRecord.shape.stamps)));
    expect(keysOf(PointsRule)).toEqual(keysOf(objectIn(RewardRecord.shape.points)));
    expect(keysOf(CatalogueItem)).toEqual(keysOf(objectIn(objectIn(RewardRecord.shape.points).shape.catalogue as z.ZodType)));
  });

  it('the till’s shape parses and carries the catalogue as stored', () => {
    const till = toTillReward(full);
    expect(TillReward.parse(till)).toEqual(till);
    expect(till.catalogue).toEqual(full.points!.catalogue);
  });
});
