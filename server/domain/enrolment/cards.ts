import { createHmac } from 'node:crypto';
import { readCard, type NormalisedCard } from '#shared/cards.ts';
import type { ReaderSettings } from '#shared/schemas/reader.ts';
import { invalid } from '../core/errors.ts';

export { luhnValid, type NormalisedCard } from '#shared/cards.ts';

/**
 * A card in its canonical form under the reader settings of the kiosk it came from (the shared
 * readCard, the same the kiosk runs on the wedge). Throws `invalid` naming `card`, never echoing it.
 */
export function normaliseCard(raw: string, reader: Partial<ReaderSettings> = {}): NormalisedCard {
  const card = readCard(raw, reader);
  if (!card) throw invalid(reader.format === 'alias' ? 'the card alias could not be read' : 'the card could not be read', 'card');
  return card;
}

/** HMAC-SHA256 under the mall's secret: the only form in which a card is ever kept. */
export function cardToken(card: NormalisedCard, secret: Buffer): string {
  return createHmac('sha256', secret).update(`${card.kind}:${card.value}`).digest('base64url');
}
