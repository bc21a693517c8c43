import { listItemId } from '#shared/list-id.ts';
import type { BrandColoursBody, ListItemBody, MallInfo, MallList, Names, UpdateTenantBody } from '#shared/schemas/mall.ts';
import type { MallSettings } from '#shared/schemas/setup.ts';
import type { Partition } from '#server/storage/partition.ts';
import type { MallItemRecord, MallRecord } from '#server/storage/records.ts';
import { AGE_BANDS, LANGUAGES } from '#shared/constants.ts';
import { DomainError, invalid } from '../core/errors.ts';
import { localClock, type LocalClock } from '../signage/ranking.ts';
import { toBrand, toMallSettings, type HubDefaults } from './wire.ts';

/** The age bands a mall starts with; their ids are what shoppers' profiles and `age:` segments hold. */
export const DEFAULT_AGE_BANDS: readonly MallItemRecord[] = AGE_BANDS.map((id) => ({
  id,
  name: id === 'under-18' ? 'Under 18' : id === '65+' ? '65 and over' : id,
}));

/** The lists an id may name: the mall's own (zones, shops, interests, areas) and the fixed ones. */
export type MallRef = 'zone' | 'shop' | 'interest' | 'area' | 'ageBand' | 'language';
const REF_NAMES: Record<MallRef, string> = { zone: 'zone', shop: 'shop', interest: 'interest', area: 'home area', ageBand: 'age band', language: 'language' };
/** What a custom segment's profile condition names, by field. */
export const PROFILE_FIELD_LISTS = { interests: 'interest', homeArea: 'area', ageBand: 'ageBand', language: 'language' } as const satisfies Record<string, MallRef>;

/** What a list's items are called in messages and in ids made when a name has no ASCII letters. */
const ITEM: Record<MallList, string> = { zones: 'zone', interests: 'interest', areas: 'area', ageBands: 'age band' };

const copyNames = (names: Names | undefined) => (names && Object.keys(names).length ? { names: { ...names } } : {});
const wireItem = (i: MallItemRecord) => ({ id: i.id, name: i.name, ...copyNames(i.names as Names | undefined) });

/**
 * The mall itself: its name, its zones, shops, interests and home areas, and its clock. Every
 * change is written before it returns; a refused change (DomainError) leaves the record as it was.
 */
export class Mall {
  constructor(
    private readonly store: Partition<MallRecord | null>,
    /** The hub's own settings, for a mall that keeps none (the demo mall). */
    private readonly hub: HubDefaults,
    /** The hub's clock (epoch ms): what "now" is on the mall's clock (a test clock in tests). */
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The mall's time zone (IANA name): every local time in Atrium is read in it. Read at each use, so a change applies at once. */
  get timeZone(): string {
    return this.store.data?.settings?.timezone ?? this.hub.timezone;
  }

  /** The smallest group shown (K), the mall's own or the hub's. */
  get k(): number {
    return this.store.data?.settings?.k ?? this.hub.k;
  }

  /** The settings the mall runs on (see toMallSettings). */
  settings(): MallSettings {
    return toMallSettings(this.record, this.hub);
  }

  /** Replaces the mall's settings with validated ones; the caller applies them to the running hub. */
  async updateSettings(settings: MallSettings): Promise<void> {
    this.record.settings = structuredClone(settings);
    await this.store.commit();
  }

  /** Sets the mall's two brand colours (already checked for readable text by BrandColoursBody). */
  async setBrandColours(colours: BrandColoursBody): Promise<void> {
    const m = this.record;
    m.brand = { ...m.brand, primary: colours.primary, accent: colours.accent };
    await this.store.commit();
  }

  /** Sets (a file name in the mall's `brand/` folder) or removes the logo; returns the file it replaced. */
  async setLogo(file: string | undefined): Promise<string | undefined> {
    const m = this.record;
    const before = m.brand?.logo;
    m.brand = { ...m.brand };
    if (file) m.brand.logo = file;
    else delete m.brand.logo;
    await this.store.commit();
    return before;
  }

  /** A moment on the mall's clock (local date, weekday from Sunday, minutes since midnight); the hub's now if not given. */
  clock(at: Date = new Date(this.now())): LocalClock {
    return localClock(at, this.timeZone);
  }

  get exists(): boolean {
    return this.store.data !== null;
  }

  get record(): MallRecord {
    if (!this.store.data) throw new Error('mall not set up');
    return this.store.data;
  }

  async create(record: MallRecord): Promise<void> {
    this.store.data = record;
    await this.store.commit();
  }

  async rename(name: string): Promise<void> {
    this.record.name = name;
    await this.store.commit();
  }

  async addTenant(tenant: { id: string; name: string; zoneId: string }): Promise<void> {
    const m = this.record;
    if (m.tenants.some((t) => t.id === tenant.id)) throw new DomainError('conflict', 'a shop with that id exists', 'id');
    if (!this.zoneExists(tenant.zoneId)) throw new DomainError('not_found', 'no such zone', 'zoneId');
    this.#refuseDuplicateName(m.tenants, tenant.name, undefined, 'shop');
    m.tenants.push({ id: tenant.id, name: tenant.name, zoneId: tenant.zoneId });
    await this.store.commit();
  }

  /** Renames a shop, moves it to another zone or changes its translations. */
  async updateTenant(id: string, body: UpdateTenantBody): Promise<void> {
    const shop = this.#tenant(id);
    if (!this.zoneExists(body.zoneId)) throw new DomainError('invalid', `no zone "${body.zoneId}" in this mall`, 'zoneId');
    this.#refuseDuplicateName(this.record.tenants, body.name, id, 'shop');
    shop.name = body.name;
    shop.zoneId = body.zoneId;
    if (body.names && Object.keys(body.names).length) shop.names = { ...body.names };
    else delete shop.names;
    await this.store.commit();
  }

  /** Closes (`closed` true) or reopens a shop. Its users' access follows at once (see isOpen). */
  async setTenantClosed(id: string, closed: boolean): Promise<void> {
    const shop = this.#tenant(id);
    if (closed) shop.closedAt ??= new Date().toISOString();
    else delete shop.closedAt;
    await this.store.commit();
  }

  /** A shop that exists and is not closed: its users and API tokens may act. */
  tenantOpen(id: string): boolean {
    const shop = this.store.data?.tenants.find((t) => t.id === id);
    return !!shop && !shop.closedAt;
  }

  /**
   * Adds an item to a list; its id is made from its name. Throws 'conflict' (field `name`) when
   * another item of the list has that name (case-insensitive). Returns the new item.
   */
  async addItem(list: MallList, body: ListItemBody): Promise<MallItemRecord> {
    const items = this.#items(list);
    this.#refuseDuplicateName(items, body.name, undefined, ITEM[list]);
    const item: MallItemRecord = {
      id: listItemId(body.name, items.map((i) => i.id), `${ITEM[list]}-${items.length + 1}`),
      name: body.name,
      ...copyNames(body.names),
    };
    items.push(item);
    await this.store.commit();
    return item;
  }

  /** Renames an item and sets its translations; its id (what everything refers to) stays. */
  async updateItem(list: MallList, id: string, body: ListItemBody): Promise<MallItemRecord> {
    const items = this.#items(list);
    const item = items.find((i) => i.id === id);
    if (!item) throw new DomainError('not_found', `no ${ITEM[list]} "${id}"`);
    this.#refuseDuplicateName(items, body.name, id, ITEM[list]);
    item.name = body.name;
    if (body.names && Object.keys(body.names).length) item.names = { ...body.names };
    else delete item.names;
    await this.store.commit();
    return item;
  }

  /**
   * Removes an item nothing uses. `usedBy` lists what still refers to it (from MallUsage); if it
   * holds anything the removal is refused with 'conflict' naming them, and nothing changes.
   */
  async removeItem(list: MallList, id: string, usedBy: readonly string[]): Promise<void> {
    const items = this.#items(list);
    const at = items.findIndex((i) => i.id === id);
    if (at < 0) throw new DomainError('not_found', `no ${ITEM[list]} "${id}"`);
    if (usedBy.length) {
      throw new DomainError('conflict', `${items[at].name} is still used by ${usedBy.join('; ')}: change those first`, 'id');
    }
    items.splice(at, 1);
    await this.store.commit();
  }

  /** Whether `id` is on one of the mall's lists (zones, shops, interests, areas) or the fixed ones (age bands, languages). */
  has(list: MallRef, id: string): boolean {
    switch (list) {
      case 'zone':
        return this.zoneExists(id);
      case 'shop':
        return this.tenantExists(id);
      case 'interest':
        return this.interestExists(id);
      case 'area':
        return this.areaExists(id);
      case 'ageBand':
        return this.ageBands.some((b) => b.id === id);
      case 'language':
        return (LANGUAGES as readonly string[]).includes(id);
    }
  }

  /**
   * Checks a reference to one of the mall's lists where it comes in.
   * @throws DomainError 'invalid' naming `field` and the unknown value, e.g. `unknown interest "Eating out"`.
   */
  require(list: MallRef, id: string, field: string): void {
    if (!this.has(list, id)) throw invalid(`unknown ${REF_NAMES[list]} "${id}": use an id from the mall's list`, field);
  }

  tenantExists(id: string): boolean {
    return this.store.data?.tenants.some((t) => t.id === id) ?? false;
  }

  zoneExists(zoneId: string): boolean {
    return this.store.data?.zones.some((z) => z.id === zoneId) ?? false;
  }

  interestExists(id: string): boolean {
    return this.store.data?.interests.some((i) => i.id === id) ?? false;
  }

  areaExists(id: string): boolean {
    return this.store.data?.areas.some((a) => a.id === id) ?? false;
  }

  /** The mall's age bands: its own once edited, the default ones before. */
  get ageBands(): readonly MallItemRecord[] {
    return this.store.data?.ageBands ?? DEFAULT_AGE_BANDS;
  }

  info(): MallInfo {
    const m = this.record;
    return {
      id: m.id,
      name: m.name,
      brand: toBrand(m),
      zones: m.zones.map(wireItem),
      tenants: m.tenants.map((t) => ({ ...wireItem(t), zoneId: t.zoneId, ...(t.closedAt ? { closed: true } : {}) })),
      interests: m.interests.map(wireItem),
      areas: m.areas.map(wireItem),
      ageBands: this.ageBands.map(wireItem),
      // A mall made before set-up existed (the demo mall) is British English, as toMallSettings says.
      locale: this.settings().locale,
      timezone: this.settings().timezone,
    };
  }

  /** A list to edit; the age bands become the mall's own (from the defaults) on their first edit. */
  #items(list: MallList): MallItemRecord[] {
    const m = this.record;
    if (list === 'ageBands') return (m.ageBands ??= DEFAULT_AGE_BANDS.map((b) => ({ ...b })));
    return m[list];
  }

  #tenant(id: string) {
    const shop = this.record.tenants.find((t) => t.id === id);
    if (!shop) throw new DomainError('not_found', `no shop "${id}"`);
    return shop;
  }

  #refuseDuplicateName(items: readonly MallItemRecord[], name: string, except: string | undefined, what: string): void {
    const taken = items.find((i) => i.id !== except && i.name.trim().toLowerCase() === name.trim().toLowerCase());
    if (taken) throw new DomainError('conflict', `another ${what} is already called "${taken.name}"`, 'name');
  }
}
