/**
 * The words of a promotion's offer email, made in one place so the panel's preview shows exactly
 * what the hub sends.
 */
export interface OfferEmailSource {
  title: string;
  text: string;
  imageUrl?: string | undefined;
  offerEmail: { subject: string; text: string };
}

export interface OfferEmailContext {
  mallName: string;
  shopName?: string | null | undefined;
  firstName?: string | undefined;
  /** The shopper's pass page: their pass, and where offers by email are switched off. */
  passUrl: string;
  /** Where phones reach the hub, for the image link. */
  baseUrl: string;
}

export interface OfferEmailContent {
  subject: string;
  text: string;
  /** For the List-Unsubscribe header: the pass page, where the shopper withdraws marketing_email. */
  unsubscribeUrl: string;
}

export function composeOfferEmail(p: OfferEmailSource, c: OfferEmailContext): OfferEmailContent {
  const body = p.offerEmail.text.trim() || p.text.trim();
  const from = c.shopName ? `${c.shopName} at ${c.mallName}` : c.mallName;
  const lines = [
    `Hello${c.firstName ? ` ${c.firstName}` : ''},`,
    '',
    `Thanks for coming to ${c.mallName} today. An offer from ${from}:`,
    '',
    p.title,
    ...(body ? ['', body] : []),
    ...(p.imageUrl ? ['', `See it: ${c.baseUrl}${p.imageUrl}`] : []),
    '',
    `Your pass: ${c.passUrl}`,
    '',
    `You get this because you chose offers by email at ${c.mallName}. To stop them, switch off "Offers by email" on your pass page: ${c.passUrl}`,
  ];
  return { subject: p.offerEmail.subject.trim() || p.title, text: lines.join('\n'), unsubscribeUrl: c.passUrl };
}
