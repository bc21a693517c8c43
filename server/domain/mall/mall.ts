import type { MallInfo } from '#shared/schemas/mall.ts';
import type { Partition } from '#server/storage/partition.ts';
import type { MallRecord } from '#server/storage/records.ts';
import { AGE_BANDS, LANGUAGES } from '#shared/constants.ts';
import { DomainError, invalid } from '../core/errors.ts';
import { localClock, type LocalClock } from '../signage/ranking.ts';

/** The lists an id may name: the mall's own (zones, shops, interests, areas) and the fixed ones. */
export type MallList = 'zone' | 'shop' | 'interest' | 'area' | 'ageBand' | 'language';
const LIST_NAMES: Record<MallList, string> = { zone: 'zone', shop: 'shop', interest: 'interest', area: 'home area', ageBand: 'age band', language: 'language' };
/** What a custom segment's profile condition names, by field. */
export const PROFILE_FIELD_LISTS = { interests: 'interest', homeArea: 'area', ageBand: 'ageBand', language: 'language' } as const satisfies Record<string, MallList>;

/** The mall itself: its zones and its shops, and its clock. */
export class Mall {
  constructor(
    private readonly store: Partition<MallRecord | null>,
    /** The mall's configured time zone (IANA name): every local time in Atrium is read in it. */
    readonly timeZone: string,
  ) {}

  /** A moment on the mall's clock (local date, weekday from Sunday, minutes since midnight); now if not given. */
  clock(at: Date = new Date()): LocalClock {
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

  async addTenant(tenant: { id: string; name: string; zoneId: string }): Promise<void> {
    const m = this.record;
    if (m.tenants.some((t) => t.id === tenant.id)) throw new DomainError('conflict', 'a shop with that id exists', 'id');
    if (!this.zoneExists(tenant.zoneId)) throw new DomainError('not_found', 'no such zone', 'zoneId');
    m.tenants.push({ id: tenant.id, name: tenant.name, zoneId: tenant.zoneId });
    await this.store.commit();
  }

  /** Whether `id` is on one of the mall's lists (zones, shops, interests, areas) or the fixed ones (age bands, languages). */
  has(list: MallList, id: string): boolean {
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
        return (AGE_BANDS as readonly string[]).includes(id);
      case 'language':
        return (LANGUAGES as readonly string[]).includes(id);
    }
  }

  /**
   * Checks a reference to one of the mall's lists where it comes in.
   * @throws DomainError 'invalid' naming `field` and the unknown value, e.g. `unknown interest "Eating out"`.
   */
  require(list: MallList, id: string, field: string): void {
    if (!this.has(list, id)) throw invalid(`unknown ${LIST_NAMES[list]} "${id}": use an id from the mall's list`, field);
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

  info(): MallInfo {
    const m = this.record;
    return {
      id: m.id,
      name: m.name,
      zones: m.zones.map((z) => ({ id: z.id, name: z.name })),
      tenants: m.tenants.map((t) => ({ id: t.id, name: t.name, zoneId: t.zoneId })),
      interests: m.interests.map((i) => ({ id: i.id, name: i.name })),
      areas: m.areas.map((a) => ({ id: a.id, name: a.name })),
    };
  }
}
