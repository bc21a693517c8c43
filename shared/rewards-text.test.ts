import { describe, expect, it } from 'vitest';
import { translator } from './i18n/index.ts';
import { composeOfferEmail } from './offer-email.ts';
import { rewardLine } from './rewards-text.ts';
import type { RewardProgress } from './schemas/rewards.ts';

const coffee = (have: number, ready = false): RewardProgress => ({
  rewardId: 'r1',
  name: 'a free coffee',
  shop: 'Bean There',
  kind: 'stamps',
  stamps: { have, need: 3 },
  ready: ready ? [{ id: 'e1', expiresAt: '2026-12-01T00:00:00.000Z' }] : [],
});

describe('a reward in words', () => {
  it('counts the visits left, with each language’s plurals', () => {
    expect(rewardLine(coffee(1), translator('en'))).toBe('2 more visits to a free coffee at Bean There');
    expect(rewardLine(coffee(2), translator('en'))).toBe('1 more visit to a free coffee at Bean There');
    expect(rewardLine(coffee(0), translator('pl'))).toBe('Jeszcze 3 wizyty do nagrody: a free coffee w Bean There');
    expect(rewardLine({ ...coffee(0), stamps: { have: 0, need: 5 } }, translator('pl'))).toBe('Jeszcze 5 wizyt do nagrody: a free coffee w Bean There');
    expect(rewardLine(coffee(1), translator('kk'))).toBe('Bean There: a free coffee алу үшін тағы 2 рет келіңіз');
  });

  it('says when one is ready, and where', () => {
    expect(rewardLine(coffee(0, true), translator('en'))).toBe('a free coffee is ready: show your pass at Bean There');
    const { shop: _shop, ...anywhere } = coffee(0, true);
    expect(rewardLine(anywhere, translator('zh'))).toBe('a free coffee已可兑换：请在收银台出示您的会员卡');
  });

  it('goes into an offer email when the shopper has rewards', () => {
    const mail = composeOfferEmail(
      { title: 'Flat white', text: 'Half price', offerEmail: { subject: '', text: '' } },
      { mallName: 'Galleria', language: 'en', passUrl: 'https://hub/pass/x', baseUrl: 'https://hub', rewards: [rewardLine(coffee(1), translator('en'))] },
    );
    expect(mail.text).toContain('Your rewards\n- 2 more visits to a free coffee at Bean There');
    const none = composeOfferEmail({ title: 'Flat white', text: 'Half price', offerEmail: { subject: '', text: '' } }, { mallName: 'Galleria', language: 'en', passUrl: 'p', baseUrl: 'b' });
    expect(none.text).not.toContain('Your rewards');
  });
});
