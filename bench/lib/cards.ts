import { cardToken } from '#server/domain/enrolment/cards.ts';

/**
 * Test card numbers for generated shoppers: Luhn-valid 16-digit PANs on a private prefix, one per
 * shopper index. Only the keyed token is written to the data folder, as the hub itself does; the
 * bench recomputes a number from its index when it wants to tap that shopper's card.
 */
export function benchPan(index: number): string {
  const body = `6274${String(index).padStart(11, '0')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    // Doubling starts from the digit left of the check digit.
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

export const benchCardToken = (index: number, secret: Buffer) => cardToken({ kind: 'pan', value: benchPan(index) }, secret);
