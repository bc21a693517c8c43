import type { ScreenGroupFields } from '#shared/schemas/screen-groups.ts';
import { FULL_SCREEN, framedOrigins, loopMediaIds, type LoopEntry, type NightState, type ScreenLayout } from '#shared/schemas/layouts.ts';
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
    /** The kind of a media library item by id (undefined: no such item): loops are checked against it. */
    private readonly mediaKindOf: (id: string) => 'image' | 'video' | undefined = () => undefined,
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

  /** @throws DomainError 'invalid' (field `layout.regions.…`) for a loop naming media the library lacks or has as another kind. */
  async setOwnLayout(screenId: string, layout: ScreenLayout | null): Promise<void> {
    if (layout) this.#checkLayoutLoops(layout, 'layout');
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

  /** What a screen shows outside opening hours: its first group's night state that has one, else the mall's default (black unless set). */
  nightOf(screenId: string): NightState {
    const group = this.list().find((g) => g.night && g.screens.includes(screenId));
    return (group?.night as NightState | undefined) ?? this.mallNight();
  }

  /** The mall's default night state: what screens show at night when none of their groups sets one. */
  mallNight(): NightState {
    return (this.store.data.night as NightState | undefined) ?? { mode: 'black' };
  }

  /** @throws DomainError 'invalid' (field `night.items.<i>.…`) for a loop naming media the library lacks or has as another kind. */
  async setMallNight(night: NightState): Promise<NightState> {
    this.#checkLoop(night.mode === 'loop' ? night.items : [], 'night.items');
    if (night.mode === 'black') delete this.store.data.night;
    else this.store.data.night = structuredClone(night);
    await this.#save();
    return this.mallNight();
  }

  /**
   * Who uses a media item through a loop, by name: "screen group “Entrances” (night)", "layout of
   * screen Food court 1", "the mall's night loop". `screenName` names a screen by id.
   */
  loopUsers(mediaId: string, screenName: (id: string) => string): string[] {
    const out: string[] = [];
    for (const g of this.list()) {
      if (loopMediaIds(g.layout as ScreenLayout | null).includes(mediaId)) out.push(`screen group “${g.name}” (layout)`);
      if (loopMediaIds(null, g.night as NightState | null).includes(mediaId)) out.push(`screen group “${g.name}” (night)`);
    }
    for (const [screenId, layout] of Object.entries(this.store.data.layouts ?? {})) {
      if (loopMediaIds(layout as ScreenLayout).includes(mediaId)) out.push(`layout of screen ${screenName(screenId)}`);
    }
    if (loopMediaIds(null, this.mallNight()).includes(mediaId)) out.push('the mall’s night loop');
    return out;
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
    if (f.layout) this.#checkLayoutLoops(f.layout, 'layout');
    if (f.night?.mode === 'loop') this.#checkLoop(f.night.items, 'night.items');
  }

  #checkLayoutLoops(layout: ScreenLayout, at: string): void {
    for (const [region, widgets] of Object.entries(layout.regions)) {
      widgets.forEach((w, i) => {
        if (w.kind === 'media-loop') this.#checkLoop(w.items, `${at}.regions.${region}.${i}.items`);
      });
    }
  }

  /** Each loop entry must name a library item of the kind it says (references to the mall's own lists are checked here). */
  #checkLoop(items: readonly LoopEntry[], at: string): void {
    items.forEach((e, i) => {
      const kind = this.mediaKindOf(e.mediaId);
      if (!kind) throw invalid(`no media item "${e.mediaId}" in the library`, `${at}.${i}.mediaId`);
      if (kind !== e.kind) throw invalid(`that media item is ${kind === 'image' ? 'an image' : 'a video'}, not ${e.kind === 'image' ? 'an image' : 'a video'}`, `${at}.${i}.kind`);
    });
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
