import { LANGUAGES } from '#shared/constants.ts';
import type { Language } from '#shared/schemas/shoppers.ts';
import type { ShopperRecord } from '#server/storage/records.ts';
import type { DomainBus, DomainEvents } from '../../core/bus.ts';
import type { ShopperSmsKind, Sms } from './sms.ts';
import { onJoinVisit } from '../join-visit.ts';
import { SMS_WORDS } from '#shared/sms/words.ts';
import { offerSmsText, type OfferSmsSource } from '#shared/sms/offer-sms.ts';

/**
 * One text in the shopper's language (English if theirs is not one Atrium speaks), with their
 * pass link on the hub's public URL. `ref`: for 'feedback' the feedback link's token (the pass
 * page then shows the 0–10 scale). `offer`: the promotion an offer text is about
 * (shared/sms/offer-sms.ts). `reward`: for 'welcome', the shopper's nearest reward as a line in
 * their language ("2 more visits to a free coffee at Bean There"), added after the greeting.
 */
export function smsTextOf(
  kind: ShopperSmsKind,
  s: ShopperRecord,
  o: { mallName: string; baseUrl: string; stop: string; ref?: string | undefined; offer?: OfferSmsSource | undefined; reward?: string | undefined },
): string {
  const language = (LANGUAGES as readonly string[]).includes(s.language) ? (s.language as Language) : 'en';
  const words = SMS_WORDS[language];
  const pass = `${o.baseUrl}/pass/${s.id}`;
  if (kind === 'welcome') return words.welcome({ mall: o.mallName, ...(s.firstName ? { name: s.firstName } : {}), ...(o.reward ? { reward: o.reward } : {}), url: pass, stop: o.stop });
  if (kind === 'offer') {
    if (!o.offer) throw new RangeError('the offer this text was about is gone');
    return offerSmsText(o.offer, language, { mallName: o.mallName, passUrl: pass, stop: o.stop });
  }
  return words.feedback({ mall: o.mallName, url: o.ref ? `${pass}?feedback=${encodeURIComponent(o.ref)}` : pass, stop: o.stop });
}

/**
 * From the bus, after the event's own answer has gone: a welcome text when a shopper joins with
 * `marketing_sms` and a number; a feedback text when one is due (domain/rewards/feedback.ts) and
 * email will not carry it; pending texts cancelled when consent is withdrawn or a pass erased.
 */
export function feedSms(bus: DomainBus, sms: Sms, onError: (e: unknown) => void, o: FeedSmsOptions = {}): () => void {
  // After the joining check-in, so the text's reward progress counts that visit (join-visit.ts).
  const stopWelcome = onJoinVisit(bus, (shopperId) => void sms.queue('welcome', shopperId).catch(onError));
  const onConsent = (e: { shopperId: string }) => setImmediate(() => sms.forget(e.shopperId).catch(onError));
  // One post-visit feedback message per visit: by email where the shopper can be mailed, else by text.
  const onFeedbackDue = (e: DomainEvents['feedback.due'][0]) => {
    if (o.mailable?.(e.shopperId)) return;
    setImmediate(() => sms.queue('feedback', e.shopperId, e.token).catch(onError));
  };
  bus.on('consent.changed', onConsent);
  bus.on('feedback.due', onFeedbackDue);
  return () => {
    stopWelcome();
    bus.off('consent.changed', onConsent);
    bus.off('feedback.due', onFeedbackDue);
  };
}

export interface FeedSmsOptions {
  /** Whether the email channel will carry this shopper's feedback message (then no text goes). */
  mailable?: (shopperId: string) => boolean;
}
