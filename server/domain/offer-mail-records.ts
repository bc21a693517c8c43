/**
 * What offer emails keep on disk. The storage layer's records.ts is being reworked on another
 * branch, so the promotion's new field is added here by declaration merging; fold it into
 * records.ts once that work has landed.
 */
declare module '../storage/records.ts' {
  interface PromotionRecord {
    /** Absent on promotions saved before offer emails existed: no email. */
    offerEmail?: { enabled: boolean; subject: string; text: string };
  }
}

/** One offer email: its state, never its body nor the address it went to. */
export interface OfferDeliveryRecord {
  id: string;
  promotionId: string;
  status: 'pending' | 'sent' | 'failed' | 'cancelled';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  nextAttemptAt: string | null;
  /** Whom it is for, kept only while pending: the address is looked up at each attempt. */
  shopperId?: string;
}

/** `offer-mail.json`. */
export interface OfferMailRecord {
  /**
   * `<promotion id>|<visitor pseudonym>` → when its email was queued: at most one per shopper and
   * promotion, across restarts. A keyed pseudonym, not the pass id, so it names nobody.
   */
  sent: Record<string, string>;
  deliveries: OfferDeliveryRecord[];
}
