import { randomInt } from 'node:crypto';
import { PAIRING_CODE_ALPHABET, PAIRING_CODE_LENGTH, type DeviceKind } from '#shared/constants.ts';
import type { Rotation } from '#shared/schemas/devices.ts';
import type { ReaderSettings } from '#shared/schemas/reader.ts';
import type { Partition } from '#server/storage/partition.ts';
import type { DeviceRecord, DevicesRecord } from '#server/storage/records.ts';
import type { DomainBus } from '../core/bus.ts';
import { DomainError, notFound } from '../core/errors.ts';
import { newId, newToken, sha256 } from '../core/ids.ts';
import { AttemptLimit } from '../core/limits.ts';

export interface PairingOffer {
  pairingId: string;
  kind: DeviceKind;
  code: string;
  expiresAt: Date;
}

export interface DevicesOptions {
  pairingCodeMinutes: number;
  zoneExists: (zoneId: string) => boolean;
}

/**
 * Kiosks and screens. An unpaired device is offered a short code; an operator who types it in
 * names the device, and the device gets its own token. Only the token's hash is stored.
 */
export class Devices {
  readonly #offers = new Map<string, PairingOffer>();
  readonly #byTokenHash = new Map<string, DeviceRecord>();
  readonly #connections = new Map<string, number>();
  // A code has ~887 million values; these limits keep guessing hopeless.
  readonly #offerLimit = new AttemptLimit(20, 600);
  readonly #claimFailures = new AttemptLimit(10, 600, 900);

  constructor(
    private readonly store: Partition<DevicesRecord>,
    private readonly bus: DomainBus,
    private readonly options: DevicesOptions,
  ) {
    for (const d of store.data.devices) this.#byTokenHash.set(d.tokenHash, d);
  }

  list(): readonly DeviceRecord[] {
    return this.store.data.devices;
  }

  get(id: string): DeviceRecord | undefined {
    return this.store.data.devices.find((d) => d.id === id);
  }

  isOnline(id: string): boolean {
    return (this.#connections.get(id) ?? 0) > 0;
  }

  /** The realtime layer reports each device connection opening and closing. */
  connected(id: string, delta: 1 | -1): void {
    const n = (this.#connections.get(id) ?? 0) + delta;
    if (n > 0) this.#connections.set(id, n);
    else this.#connections.delete(id);
  }

  /** The paired, unrevoked device holding this token, or null. */
  authenticate(token: string): DeviceRecord | null {
    const device = this.#byTokenHash.get(sha256(token));
    return device && !device.revokedAt ? device : null;
  }

  /** A fresh code for a device asking to pair; `requester` (its address) bounds how often. */
  async offer(kind: DeviceKind, requester: string): Promise<PairingOffer> {
    await this.#offerLimit.take(requester, 'too many pairing requests from this address');
    this.#expireOffers();
    let code: string;
    do {
      code = Array.from({ length: PAIRING_CODE_LENGTH }, () => PAIRING_CODE_ALPHABET[randomInt(PAIRING_CODE_ALPHABET.length)]).join('');
    } while (this.#offers.has(code));
    const offer: PairingOffer = {
      pairingId: newId(),
      kind,
      code,
      expiresAt: new Date(Date.now() + this.options.pairingCodeMinutes * 60_000),
    };
    this.#offers.set(code, offer);
    return offer;
  }

  withdraw(pairingId: string): void {
    for (const [code, o] of this.#offers) if (o.pairingId === pairingId) this.#offers.delete(code);
  }

  /** An operator enters a code shown on a device; `claimant` (who) bounds wrong guesses. */
  async claim(input: { code: string; name: string; zoneId: string }, claimant: string): Promise<DeviceRecord> {
    // A locked-out guesser is refused before the code is looked at: else a hit would still pair.
    if (await this.#claimFailures.blocked(claimant)) throw new DomainError('rate_limited', 'too many wrong pairing codes; wait 15 minutes');
    this.#expireOffers();
    const offer = this.#offers.get(input.code);
    if (!offer) {
      await this.#claimFailures.take(claimant, 'too many wrong pairing codes; wait 15 minutes');
      throw notFound('no device is showing that code (it may have expired)', 'code');
    }
    if (!this.options.zoneExists(input.zoneId)) throw notFound('no such zone', 'zoneId');
    this.#refuseTakenName(offer.kind, input.name);
    this.#offers.delete(input.code);
    const token = newToken();
    const device: DeviceRecord = {
      id: newId(),
      kind: offer.kind,
      name: input.name,
      zoneId: input.zoneId,
      tokenHash: sha256(token),
      pairedAt: new Date().toISOString(),
    };
    this.store.data.devices.push(device);
    await this.store.commit();
    this.#byTokenHash.set(device.tokenHash, device);
    this.bus.emit('device.paired', { pairingId: offer.pairingId, token, device });
    return device;
  }

  async revoke(id: string): Promise<DeviceRecord> {
    const device = this.get(id);
    if (!device) throw notFound('no such device', 'id');
    if (device.revokedAt) throw new DomainError('conflict', 'device already revoked', 'id');
    device.revokedAt = new Date().toISOString();
    await this.store.commit();
    this.bus.emit('device.revoked', { deviceId: id });
    return device;
  }

  /**
   * Revokes many devices in one write (a bulk action over hundreds of screens), each disconnected
   * as by `revoke`. `ids` must name paired, unrevoked devices (the caller checked them).
   */
  async revokeMany(ids: readonly string[]): Promise<void> {
    const devices = ids.map((id) => this.get(id)).filter((d): d is DeviceRecord => !!d && !d.revokedAt);
    const at = new Date().toISOString();
    for (const d of devices) d.revokedAt = at;
    await this.store.commit();
    for (const d of devices) this.bus.emit('device.revoked', { deviceId: d.id });
  }

  /**
   * Moves many devices to one zone in one write; each hears of it as from `update`. Returns the
   * zone each one came from (those already there are left alone and not listed).
   * @throws DomainError not_found (field `zoneId`) for a zone the mall does not have
   */
  async moveMany(ids: readonly string[], zoneId: string): Promise<{ id: string; from: string }[]> {
    if (!this.options.zoneExists(zoneId)) throw notFound('no such zone', 'zoneId');
    const devices = ids.map((id) => this.get(id)).filter((d): d is DeviceRecord => !!d && !d.revokedAt && d.zoneId !== zoneId);
    const moved = devices.map((d) => ({ id: d.id, from: d.zoneId }));
    for (const d of devices) d.zoneId = zoneId;
    await this.store.commit();
    for (const [i, d] of devices.entries()) this.bus.emit('device.updated', { device: d, previousZoneId: moved[i].from });
    return moved;
  }

  /** Rename, move to another zone, or turn (screens only); the device hears of it at once. */
  async update(
    id: string,
    changes: { name?: string; zoneId?: string; rotation?: Rotation; idleSeconds?: number; languages?: string[]; reader?: ReaderSettings },
  ): Promise<DeviceRecord> {
    const device = this.get(id);
    if (!device || device.revokedAt) throw notFound('no such device', 'id');
    if (changes.zoneId !== undefined && !this.options.zoneExists(changes.zoneId)) throw notFound('no such zone', 'zoneId');
    if (changes.rotation !== undefined && device.kind !== 'screen') throw new DomainError('invalid', 'only screens can be turned', 'rotation');
    if (device.kind !== 'kiosk') {
      if (changes.idleSeconds !== undefined) throw new DomainError('invalid', 'only kiosks have an idle timeout', 'idleSeconds');
      if (changes.languages !== undefined) throw new DomainError('invalid', 'only kiosks offer languages', 'languages');
      if (changes.reader !== undefined) throw new DomainError('invalid', 'only kiosks have a card reader', 'reader');
    }
    if (changes.name !== undefined) this.#refuseTakenName(device.kind, changes.name, device.id);
    const previousZoneId = device.zoneId;
    if (changes.name !== undefined) device.name = changes.name;
    if (changes.zoneId !== undefined) device.zoneId = changes.zoneId;
    if (changes.rotation !== undefined) {
      device.rotation = changes.rotation;
      delete device.orientation;
    }
    if (changes.idleSeconds !== undefined) device.idleSeconds = changes.idleSeconds;
    if (changes.languages !== undefined) device.languages = [...new Set(changes.languages)];
    if (changes.reader !== undefined) device.reader = { ...changes.reader };
    await this.store.commit();
    this.bus.emit('device.updated', { device, previousZoneId });
    return device;
  }

  /**
   * Two live kiosks (or two screens) by one name cannot be told apart in lists and reports, so a
   * name is unique per kind, ignoring case and outer spaces; a revoked device frees its name.
   * Records from before this rule may still share a name (the lists tell them apart by zone).
   * @throws DomainError conflict (field `name`)
   */
  #refuseTakenName(kind: DeviceKind, name: string, exceptId?: string): void {
    const key = sameName(name);
    const taken = this.store.data.devices.some((d) => d.kind === kind && !d.revokedAt && d.id !== exceptId && sameName(d.name) === key);
    if (taken) throw new DomainError('conflict', `another ${kind} is already called “${name.trim()}”; choose a name people can tell apart`, 'name');
  }

  #expireOffers(): void {
    const now = Date.now();
    for (const [code, o] of this.#offers) if (o.expiresAt.getTime() <= now) this.#offers.delete(code);
  }
}

/** A name as compared for uniqueness: case and surrounding spaces do not make two names different. */
const sameName = (name: string) => name.trim().toLocaleLowerCase();
