import { randomUUID } from 'node:crypto';
import { CONSENT_TEXT_VERSION } from '#shared/consent-texts.ts';
import type { ConsentChoices, EnrolBody, ShopperGreeting } from '#shared/schemas/shoppers.ts';
import { request, type ClientSocket, type HubClient } from './test-hub.ts';

/** What a test may change about a joining shopper; the rest is the kiosk's ordinary join. */
export type EnrolChoices = Partial<Omit<EnrolBody, 'enrolTicket' | 'consents'>> & { consents?: Partial<ConsentChoices> };

/**
 * The `shopper:enrol` body a kiosk sends for `enrolTicket`: English, the current consent text
 * (CONSENT_TEXT_VERSION), membership accepted, analytics granted and no marketing, a fresh visit
 * id; `choices` overrides any of it (`consents` is merged purpose by purpose).
 */
export function enrolBody(enrolTicket: string, choices: EnrolChoices = {}): EnrolBody {
  const { consents, ...rest } = choices;
  return {
    enrolTicket,
    visitId: randomUUID(),
    language: 'en',
    consentTextVersion: CONSENT_TEXT_VERSION,
    membership: true,
    ...rest,
    consents: { analytics: true, marketing_email: false, marketing_sms: false, ...consents },
  };
}

/**
 * Taps `card` at the kiosk behind `socket` (`checkin:tap`, a fresh visit id) and joins with
 * `enrolBody(ticket, choices)` through `shopper:enrol`, as the kiosk does for a stranger.
 * Resolves with the enrol ack's data (the greeting: passId, visitCount...).
 * Throws, naming the ack, if the card is already known or either event is refused.
 */
export async function enrolByTap(socket: ClientSocket, card: string, choices: EnrolChoices = {}): Promise<ShopperGreeting> {
  const tap = await request<any>(socket, 'checkin:tap', { visitId: randomUUID(), card });
  if (!tap.ok || tap.data.status !== 'unknown') throw new Error(`enrol tap of ${card}: ${JSON.stringify(tap)}`);
  const enrolled = await request<any>(socket, 'shopper:enrol', enrolBody(tap.data.enrolTicket, choices));
  if (!enrolled.ok) throw new Error(`enrol of ${card}: ${JSON.stringify(enrolled)}`);
  return enrolled.data;
}

/**
 * Pairs a kiosk at the entrance through `client`, as the operator signed in with `cookie`, and
 * opens its socket (closed by client.closeSockets()). `token` opens it again, say after the hub
 * restarted. Throws as client.pair and client.socket do.
 */
export async function pairKiosk(client: HubClient, cookie: string): Promise<{ token: string; kiosk: ClientSocket }> {
  const { token } = await client.pair('kiosk', 'entrance', 'Kiosk', cookie);
  return { token, kiosk: await client.socket({ token }) };
}
