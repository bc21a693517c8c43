import type { ScreenGroupFields } from '#shared/schemas/screen-groups.ts';
import { FULL_SCREEN, framedOrigins, type NightState, type ScreenLayout } from '#shared/schemas/layouts.ts';
import type { Partition } from '#server/storage/partition.ts';
import type { ScreenGroupRecord, SignageRecord } from '#server/storage/records.ts';
import type { DomainBus } from '../core/bus.ts';
import { DomainError, invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';

/** Where a screen's layout comes from: its own, its first group with one, or full screen. */
export interface ResolvedLayout {
  layout: ScreenLayout;
  source: 'screen' | 'group' | 'default';
  groupId: string | null;
}

/**
 * Screen groups and screens' own layouts, kept in the signage file beside the promotions that
 * target them. Screens are checked to exist when a group is saved; a group that promotions
 * target cannot be deleted (they would quietly play everywhere or nowhere).
 */
export class ScreenGroups {
  constructor(
    private readonly store: Partition<SignageRecord>,
    private readonly bus: DomainBus,
    private readonly screenExists: (id: string) => boolean,
  ) {}

  list(): readonly ScreenGroupRecord[] {
    return this.store.data.groups ?? [];
  }

  get(id: string): ScreenGroupRecord | undefined {
    return this.list().find((g) => g.id === id);
  }

  /** Ids of the groups a screen is in, in the groups' order. */
  groupsOf(screenId: string): string[] {
    return this.list()
      .filter((g) => g.screens.includes(screenId))
      .map((g) => g.id);
  }

  /**
   * @throws DomainError 'conflict' (field `name`) when another group has that name; 'invalid'
   * (field `screens.<i>`) for a screen that is not a paired screen.
   */
  async create(fields: ScreenGroupFields): Promise<ScreenGroupRecord> {
    this.#check(fields);
    const record: ScreenGroupRecord = { id: newId(), ...copy(fields) };
    (this.store.data.groups ??= []).push(record);
    await this.#save();
    return record;
  }

  async update(id: string, fields: ScreenGroupFields): Promise<ScreenGroupRecord> {
    const group = this.get(id);
    if (!group) throw notFound('no such screen group', 'id');
    this.#check(fields, id);
    Object.assign(group, copy(fields));
    await this.#save();
    return group;
  }

  /** @throws DomainError 'conflict' naming the promotions that still target the group. */
  async delete(id: string, targetedBy: string[]): Promise<void> {
    const groups = this.store.data.groups ?? [];
    const i = groups.findIndex((g) => g.id === id);
    if (i < 0) throw notFound('no such screen group', 'id');
    if (targetedBy.length) throw new DomainError('conflict', `still targeted by ${targetedBy.map((t) => `“${t}”`).join(', ')}: take it out of their targeting first`, 'id');
    groups.splice(i, 1);
    await this.#save();
  }

  /** A screen's own layout, or null (it follows its groups). */
  ownLayout(screenId: string): ScreenLayout | null {
    return (this.store.data.layouts?.[screenId] as ScreenLayout | undefined) ?? null;
  }

  async setOwnLayout(screenId: string, layout: ScreenLayout | null): Promise<void> {
    const layouts = (this.store.data.layouts ??= {});
    if (layout) layouts[screenId] = structuredClone(layout);
    else delete layouts[screenId];
    await this.#save();
  }

  /** The layout a screen plays: its own, else its first group's that has one, else full screen. */
  layoutOf(screenId: string): ResolvedLayout {
    const own = this.ownLayout(screenId);
    if (own) return { layout: own, source: 'screen', groupId: null };
    const group = this.list().find((g) => g.layout && g.screens.includes(screenId));
    if (group) return { layout: group.layout as ScreenLayout, source: 'group', groupId: group.id };
    return { layout: FULL_SCREEN, source: 'default', groupId: null };
  }

  /** What a screen shows outside opening hours: its first group's night state that has one, else black. */
  nightOf(screenId: string): NightState {
    const group = this.list().find((g) => g.night && g.screens.includes(screenId));
    return (group?.night as NightState | undefined) ?? { mode: 'black' };
  }

  /** Every origin a layout of the mall frames (web-page widgets), once each: the screen page's CSP allows just these. */
  framedOrigins(): string[] {
    const layouts = [...this.list().map((g) => g.layout), ...Object.values(this.store.data.layouts ?? {})];
    return [...new Set(layouts.flatMap((l) => (l ? framedOrigins(l as ScreenLayout) : [])))];
  }

  #check(f: ScreenGroupFields, id?: string): void {
    const clash = this.list().find((g) => g.id !== id && g.name.toLowerCase() === f.name.toLowerCase());
    if (clash) throw new DomainError('conflict', `a screen group named “${clash.name}” exists`, 'name');
    for (const [i, s] of f.screens.entries()) if (!this.screenExists(s)) throw invalid(`unknown screen "${s}"`, `screens.${i}`);
  }

  async #save(): Promise<void> {
    await this.store.commit();
    // Playlists carry the layout and night state, and promotions may target groups.
    this.bus.emit('promotions.changed');
  }
}

function copy(f: ScreenGroupFields): Omit<ScreenGroupRecord, 'id'> {
  return structuredClone({ name: f.name, screens: [...new Set(f.screens)], layout: f.layout, night: f.night });
}
