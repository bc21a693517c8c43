/** A shopper as the kiosk, the pass page and a data export see them, mapped explicitly from storage records. */
import type { ConsentReceipt, PassView } from '#shared/schemas/pass.ts';
import type { Language, ShopperGreeting, TapResult } from '#shared/schemas/shoppers.ts';
import type { ConsentEntryRecord, MallRecord, ShopperRecord, VisitRecord } from '#server/storage/records.ts';
import { nameIn } from '#shared/names.ts';
import type { CheckInResult } from './shoppers.ts';
import { toBrand } from '../mall/wire.ts';

/** A zone's name in the shopper's language (the mall's own name if untranslated); the id if the zone is gone. */
const zoneNamer = (mall: MallRecord, language: Language) => (id: string) => {
  const z = mall.zones.find((x) => x.id === id);
  return z ? nameIn(z, language) : id;
};

/**
 * `language`: the one chosen on the kiosk for this session, which wins over the stored one (never
 * stored). `publicUrl`: the hub's public base URL, given where the greeting goes to a kiosk (it
 * shows the pass as a QR).
 */
export const toGreeting = (s: ShopperRecord, offers?: ShopperGreeting['offers'], language?: Language, publicUrl?: string): ShopperGreeting => ({
  passId: s.id,
  ...(s.firstName ? { firstName: s.firstName } : {}),
  visitCount: s.visitCount,
  language: language ?? (s.language as Language),
  targeted: !!s.consent.analytics,
  ...(offers ? { offers } : {}),
  ...(publicUrl ? { passUrl: `${publicUrl}/pass/${s.id}` } : {}),
});

export const toTapResult = (r: CheckInResult, offersFor?: (s: ShopperRecord) => ShopperGreeting['offers'], language?: Language, publicUrl?: string): TapResult =>
  r.status === 'unknown' ? r : { status: 'welcome', shopper: { ...toGreeting(r.shopper, offersFor?.(r.shopper), language, publicUrl), back: true }, duplicate: r.duplicate };

/** Decisions made together (one join, one toggle) form one receipt: same time, same place. */
export function toReceipts(ledger: readonly ConsentEntryRecord[]): ConsentReceipt[] {
  const receipts: ConsentReceipt[] = [];
  for (const e of ledger) {
    const last = receipts.at(-1);
    const purpose = { purpose: e.purpose, granted: e.granted, textHash: e.textHash };
    if (last && last.at === e.at && last.place === e.channel) last.purposes.push(purpose);
    else receipts.push({ id: e.id, at: e.at, place: e.channel, textVersion: e.textVersion, language: e.language, purposes: [purpose] });
  }
  return receipts.reverse();
}

/** The shop whose till a touchpoint (`till:<tenantId>`) is, as `{ shop }`, or nothing for other touchpoints. */
function tillShop(mall: MallRecord, touchpoint: string): { shop?: string } {
  if (!touchpoint.startsWith('till:')) return {};
  const shop = mall.tenants.find((t) => t.id === touchpoint.slice('till:'.length));
  return shop ? { shop: shop.name } : {};
}

export function toPassView(
  s: ShopperRecord,
  ledger: readonly ConsentEntryRecord[],
  visits: readonly VisitRecord[],
  mall: MallRecord,
  consentTextVersion: string,
): PassView {
  const zone = zoneNamer(mall, s.language as Language);
  return {
    passId: s.id,
    ...(s.firstName ? { firstName: s.firstName } : {}),
    ...(s.email ? { email: s.email } : {}),
    ...(s.phone ? { phone: s.phone } : {}),
    language: s.language as Language,
    interests: s.interests ?? [],
    ...(s.ageBand ? { ageBand: s.ageBand } : {}),
    ...(s.homeArea ? { homeArea: s.homeArea } : {}),
    visitCount: s.visitCount,
    // A till scan says whose till: "1 visit" over two bare zone lines read as a miscount.
    recentVisits: visits.slice(-10).reverse().map((v) => ({ id: v.id, at: v.at, zone: zone(v.zoneId), ...tillShop(mall, v.touchpoint) })),
    consents: { ...s.consent },
    receipts: toReceipts(ledger),
    consentTextVersion,
    mallName: mall.name,
    brand: toBrand(mall),
  };
}

/** Everything held about one shopper, for "export my data". Card tokens are keyed hashes: only their number is told. */
export function toExport(s: ShopperRecord, ledger: readonly ConsentEntryRecord[], visits: readonly VisitRecord[], mall: MallRecord) {
  const zone = zoneNamer(mall, s.language as Language);
  const { cardTokens, recentVisits: _recent, visitDays: _days, ...profile } = s;
  return {
    exportedAt: new Date().toISOString(),
    mall: mall.name,
    profile: { ...profile, cardsLinked: cardTokens.length },
    consentLedger: ledger,
    visits: visits.map((v) => ({ id: v.id, at: v.at, zone: zone(v.zoneId) })),
  };
}
