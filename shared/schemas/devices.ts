import { z } from 'zod';
import { DEVICE_KINDS, PAIRING_CODE_ALPHABET, PAIRING_CODE_LENGTH } from '../constants.ts';
import { ROTATIONS, rotationFromOrientation, type Rotation as RotationValue } from '../rotation.ts';
import { Id, IsoTime } from './common.ts';
import { ReaderSettings } from './reader.ts';
import { Language, LANGUAGES } from './shoppers.ts';

export const DeviceKind = z.enum(DEVICE_KINDS);

export const PairingCode = z
  .string()
  .trim()
  .toUpperCase()
  .length(PAIRING_CODE_LENGTH, `must be ${PAIRING_CODE_LENGTH} characters`)
  .refine((c) => [...c].every((ch) => PAIRING_CODE_ALPHABET.includes(ch)), 'has a character pairing codes never use');

export const PairDeviceBody = z.strictObject({
  code: PairingCode,
  name: z.string().trim().min(1).max(80),
  zoneId: Id,
});
export type PairDeviceBody = z.infer<typeof PairDeviceBody>;

/** Degrees a screen turns its content clockwise in its window: see shared/rotation.ts. */
export const Rotation = z.literal(ROTATIONS, { error: 'must be 0, 90, 180 or 270 (degrees)' });
export { ROTATIONS, rotationFromOrientation };
export type Rotation = RotationValue;

/** A device as the panel and the device itself see it; never carries its token. */
export const Device = z.object({
  id: Id,
  kind: DeviceKind,
  name: z.string(),
  zoneId: Id,
  pairedAt: IsoTime,
  revoked: z.boolean(),
  online: z.boolean(),
  /** Screens: how far the content is turned clockwise in the window, for a display mounted turned; kiosks are always 0. */
  rotation: Rotation.default(0),
  /** Kiosks only: how they behave for shoppers. */
  kiosk: z.object({ idleSeconds: z.number().int(), languages: z.array(Language), reader: ReaderSettings }).optional(),
});
export type Device = z.infer<typeof Device>;

/** What a device is told when it connects: itself, and the build of the apps the hub serves now. */
/**
 * Whether the mall is open now, on the hub's clock (`mall:hours`, and in a kiosk's hello). Closed,
 * a kiosk shows "closed" with the next opening, and the hub refuses check-ins and joining.
 */
export const MallHoursNow = z.object({
  open: z.boolean(),
  /** The next opening (closed only); null when no opening is set in the coming week. */
  opensAt: IsoTime.nullable(),
  /** The next opening's day on the mall's clock, from now: the kiosk says "today", "tomorrow" or the weekday. */
  opensDay: z.enum(['today', 'tomorrow', 'later']).nullable(),
  timeZone: z.string(),
  /** The mall's locale: its hour cycle (24-hour or am/pm) for the opening time. */
  locale: z.string(),
});
export type MallHoursNow = z.infer<typeof MallHoursNow>;

export const DeviceHello = Device.extend({
  hubBuild: z.string(),
  /** The mall's default shopper language: a kiosk starts in it unless its URL names one. */
  defaultLanguage: Language,
  /** Kiosks only: open or closed now (absent from older hubs: open). */
  hours: MallHoursNow.optional(),
});
export type DeviceHello = z.infer<typeof DeviceHello>;

export const PairingOffer = z.object({ code: z.string(), expiresAt: IsoTime });
export type PairingOffer = z.infer<typeof PairingOffer>;

export const PairingDone = z.object({ token: z.string(), device: Device });
export type PairingDone = z.infer<typeof PairingDone>;

/** An operator renames a device, moves it to another zone, or turns a screen; at least one. */
export { KIOSK_DEFAULTS } from '../constants.ts';

export const DeviceSettingsBody = z
  .strictObject({
    name: z.string().trim().min(1).max(80).optional(),
    zoneId: Id.optional(),
    /** Screens: degrees the content turns clockwise (see Rotation). */
    rotation: Rotation.optional(),
    /** Kiosks: back to the welcome screen after this long untouched. */
    idleSeconds: z.number().int().min(15).max(600).optional(),
    /** Kiosks: the languages a shopper may choose; at least one. */
    languages: z.array(Language).min(1).max(LANGUAGES.length).optional(),
    /** Kiosks: how this kiosk's card reader prints a card (every input path of the kiosk uses it). */
    reader: ReaderSettings.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'change at least one setting', path: ['name'] });
export type DeviceSettingsBody = z.infer<typeof DeviceSettingsBody>;

/** Shown large on a screen so whoever stands in front of it knows which one it is. */
export const ScreenIdentify = z.object({ name: z.string(), seconds: z.number().int().positive() });
export type ScreenIdentify = z.infer<typeof ScreenIdentify>;
