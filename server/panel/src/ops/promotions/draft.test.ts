import { describe, expect, it } from 'vitest';
import { Promotion, PromotionInput } from '#shared/schemas/promotions.ts';
import { draftOf, emptyDraft, inputOf } from './draft.ts';

describe('the promotion editor keeps what it does not show as changed', () => {
  it('groups, outside-hours and translations survive an edit; empty languages are not sent', () => {
    const stored = Promotion.parse({
      ...PromotionInput.parse({
        title: 'Coffee for two',
        groups: ['entrances'],
        outsideHours: true,
        translations: { pl: { title: 'Kawa dla dwojga', text: 'Dwie kawy' } },
        schedule: { from: '2026-01-01' },
      }),
      id: 'p1',
      status: 'active',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    const sent = PromotionInput.parse(inputOf(draftOf(stored)));
    expect(sent).toMatchObject({ groups: ['entrances'], outsideHours: true, translations: { pl: { title: 'Kawa dla dwojga', text: 'Dwie kawy' } } });
    expect(Object.keys(sent.translations)).toEqual(['pl']);
    expect(PromotionInput.parse(inputOf({ ...emptyDraft(), title: 'x' })).translations).toEqual({});
  });
});
