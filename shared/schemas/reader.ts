import { z } from 'zod';

/**
 * How one kiosk's card reader prints a card, set per kiosk in the panel and applied on every path
 * a card from that kiosk takes (wedge, reader bridge, offline replay), so one card is one token
 * whichever reader read it. See DESIGN.md "Card readers, as they are in the field".
 */
export const ReaderSettings = z.strictObject({
  /**
   * `auto`: card numbers, swipes, hex UIDs and decimal UIDs of up to 10 digits (8 digits read as
   * hex); `hex`: digits are never read as decimal; `decimal`: digits are always a decimal UID;
   * `alias`: a payment terminal's stable card alias, taken as it is.
   */
  format: z.enum(['auto', 'hex', 'decimal', 'alias']).default('auto'),
  /** `reversed`: the reader prints a UID least-significant byte first. */
  byteOrder: z.enum(['as-printed', 'reversed']).default('as-printed'),
  /** How many bytes a decimal UID stands for (4 for most cards, 7 for NTAG/DESFire), so leading zero bytes are kept. */
  decimalBytes: z.union([z.literal(4), z.literal(7), z.literal(10)]).default(4),
  /** Characters the reader sends before and after the card; stripped. */
  prefix: z.string().max(8).regex(/^[\x21-\x7e]*$/, 'must be printable characters without spaces').default(''),
  suffix: z.string().max(8).regex(/^[\x21-\x7e]*$/, 'must be printable characters without spaces').default(''),
  /** A reader slower than a USB wedge (Bluetooth, some serial bridges): up to ~200 ms per key is still a card. */
  slow: z.boolean().default(false),
});
export type ReaderSettings = z.infer<typeof ReaderSettings>;
export type ReaderSettingsInput = z.input<typeof ReaderSettings>;

/** The defaults here are READER_DEFAULTS in shared/cards.ts (kept free of zod for the kiosk); a test checks they agree. */
