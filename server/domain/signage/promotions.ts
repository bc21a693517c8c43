import type { PromotionFields } from '#shared/schemas/promotions.ts';
import type { CustomSegment } from '#shared/schemas/segments.ts';
import type { Partition } from '#server/storage/partition.ts';
import type { MediaRecord, PromotionRecord, SignageRecord } from '#server/storage/records.ts';
import type { DomainBus } from '../core/bus.ts';
import { DomainError, invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { OFFER_SMS_MAX_PARTS, offerSmsWorstCase } from '#shared/sms/offer-sms.ts';
import { PROFILE_FIELD_LISTS, type Mall, type MallRef } from '../mall/mall.ts';

/**
 * Promotions and custom segments. Every reference (zone, screen, tenant, segment) is checked
 * against the mall when saved, so ranking never meets a dangling id.
 */
export class Promotions {
  constructor(
    private readonly store: Partition<SignageRecord>,
    private readonly mall: Mall,
    private readonly bus: DomainBus,
    private readonly screenExists: (id: string) => boolean,
    /** The media library's item by id (undefined: no such item). */
    private readonly mediaOf: (id: string) => MediaRecord | undefined = () => undefined,
    /** Whether a screen group exists (promotions may target groups). */
    private readonly groupExists: (id: string) => boolean = () => false,
    /** Where pass links point and the mall's STOP keyword, to check an offer SMS fits; absent: offers cannot go by SMS. */
    private readonly offerSmsContext?: () => { baseUrl: string; stop: string },
  ) {}

  list(): readonly PromotionRecord[] {
    return this.store.data.promotions;
  }

  get(id: string): PromotionRecord | undefined {
    return this.store.data.promotions.find((p) => p.id === id);
  }

  get customSegments(): readonly CustomSegment[] {
    return this.store.data.segments as CustomSegment[];
  }

  async create(fields: PromotionFields): Promise<PromotionRecord> {
    this.#check(fields);
    this.#checkOfferSms(fields);
    const now = new Date().toISOString();
    const record: PromotionRecord = { ...copy(fields), id: newId(), status: 'active', createdAt: now, updatedAt: now };
    this.store.data.promotions.push(record);
    await this.#save();
    return record;
  }

  async update(id: string, fields: PromotionFields): Promise<PromotionRecord> {
    const before = this.get(id);
    if (!before) throw notFound('no such promotion', 'id');
    if (before.status === 'archived') throw new DomainError('conflict', 'an archived promotion cannot be changed', 'id');
    this.#check(fields);
    this.#checkOfferSms(fields);
    const after: PromotionRecord = { ...copy(fields), id, status: before.status, createdAt: before.createdAt, updatedAt: new Date().toISOString() };
    this.store.data.promotions[this.store.data.promotions.indexOf(before)] = after;
    await this.#save();
    return after;
  }

  async archive(id: string): Promise<PromotionRecord> {
    const p = this.get(id);
    if (!p) throw notFound('no such promotion', 'id');
    if (p.status === 'archived') throw new DomainError('conflict', 'already archived', 'id');
    p.status = 'archived';
    p.updatedAt = new Date().toISOString();
    await this.#save();
    return p;
  }

  /**
   * Undoes an archive: the promotion is active again as it was. Its references are checked again
   * (a zone, shop or screen may have gone meanwhile), naming the field, and nothing changes then.
   * @throws DomainError not_found (no such promotion), conflict (it is not archived), invalid
   */
  async restore(id: string): Promise<PromotionRecord> {
    const p = this.get(id);
    if (!p) throw notFound('no such promotion', 'id');
    if (p.status !== 'archived') throw new DomainError('conflict', 'not archived', 'id');
    this.#check({ ...p, groups: p.groups ?? [] });
    p.status = 'active';
    p.updatedAt = new Date().toISOString();
    await this.#save();
    return p;
  }

  async createSegment(segment: CustomSegment): Promise<CustomSegment> {
    if (this.store.data.segments.some((s) => s.id === segment.id)) throw new DomainError('conflict', 'a segment with that id exists', 'id');
    this.#checkConditions(segment.conditions);
    this.store.data.segments.push(structuredClone(segment));
    await this.#segmentsSaved();
    return segment;
  }

  /** A custom segment's new name and rule; its id stays, so promotions keep targeting it. */
  async updateSegment(id: string, fields: Omit<CustomSegment, 'id'>): Promise<CustomSegment> {
    const i = this.#segmentIndex(id);
    this.#checkConditions(fields.conditions);
    const after: CustomSegment = structuredClone({ id, name: fields.name, match: fields.match, conditions: fields.conditions });
    this.store.data.segments[i] = after;
    await this.#segmentsSaved();
    return after;
  }

  /**
   * Removes a custom segment no live promotion targets. One that is still targeted is refused,
   * naming the promotions: dropping the targeting quietly would show them to everyone instead.
   */
  async deleteSegment(id: string): Promise<CustomSegment> {
    const i = this.#segmentIndex(id);
    const targeting = this.store.data.promotions.filter((p) => p.status !== 'archived' && p.segments.includes(id));
    if (targeting.length > 0) {
      const titles = targeting.map((p) => `“${p.title}”`).join(', ');
      throw new DomainError('conflict', `still targeted by ${targeting.length === 1 ? 'the promotion' : 'the promotions'} ${titles}: take it out of their targeting first`, 'id');
    }
    const [removed] = this.store.data.segments.splice(i, 1);
    await this.#segmentsSaved();
    return removed as CustomSegment;
  }

  #segmentIndex(id: string): number {
    const i = this.store.data.segments.findIndex((s) => s.id === id);
    if (i < 0) throw notFound('no such segment', 'id');
    return i;
  }

  #checkConditions(conditions: CustomSegment['conditions']): void {
    checkConditions(this.mall, conditions);
  }

  /** Live counts (and so playlists) follow a changed rule at once, for the shoppers already here. */
  async #segmentsSaved(): Promise<void> {
    await this.store.commit();
    this.bus.emit('segments.changed');
  }

  /**
   * A draft as it would be stored, checked like a save but not saved: for the panel's preview.
   * With `id` it stands in for that promotion (an edit), otherwise for a new one.
   */
  draft(fields: PromotionFields, id = 'draft'): PromotionRecord {
    this.#check(fields);
    this.#checkOfferSms(fields);
    const now = new Date().toISOString();
    return { ...copy(fields), id, status: 'active', createdAt: now, updatedAt: now };
  }

  async #save(): Promise<void> {
    await this.store.commit();
    this.bus.emit('promotions.changed');
  }

  /**
   * An offer SMS must fit OFFER_SMS_MAX_PARTS parts in every shopper language, with the mall's
   * name, the longest pass link and the STOP keyword around it (shared/sms/offer-sms.ts).
   * @throws DomainError 'invalid' naming `offerSms.text` (or `offerSms.enabled` where texts cannot be sent).
   */
  #checkOfferSms(f: Pick<PromotionFields, 'title' | 'offerSms' | 'translations'>): void {
    if (!f.offerSms.enabled) return;
    if (!this.offerSmsContext) throw invalid('offers cannot be sent by SMS from this hub', 'offerSms.enabled');
    const worst = offerSmsWorstCase(f, { mallName: this.mall.record.name, ...this.offerSmsContext() });
    if (worst.parts > OFFER_SMS_MAX_PARTS) {
      throw invalid(`the offer SMS would take ${worst.parts} SMS parts in ${LANGUAGE_NAMES[worst.language]}; at most ${OFFER_SMS_MAX_PARTS} are sent: shorten the text`, f.offerSms.text ? 'offerSms.text' : 'title');
    }
  }

  #check(f: Pick<PromotionFields, 'tenantId' | 'zones' | 'screens' | 'groups' | 'segments' | 'media'>): void {
    if (f.tenantId) this.mall.require('shop', f.tenantId, 'tenantId');
    if (f.media && !this.mediaOf(f.media.id)) throw invalid(`no media item "${f.media.id}" in the library`, 'media.id');
    if (f.media?.play === 'once' && this.mediaOf(f.media.id)?.kind !== 'video') throw invalid('only a video can play once', 'media.play');
    for (const [i, z] of f.zones.entries()) this.mall.require('zone', z, `zones.${i}`);
    for (const [i, s] of f.screens.entries()) if (!this.screenExists(s)) throw invalid(`unknown screen "${s}"`, `screens.${i}`);
    for (const [i, g] of f.groups.entries()) if (!this.groupExists(g)) throw invalid(`unknown screen group "${g}"`, `groups.${i}`);
    const lists: Record<string, MallRef> = { interest: 'interest', area: 'area', age: 'ageBand', lang: 'language' };
    for (const [i, id] of f.segments.entries()) {
      const [kind, value] = id.split(':') as [string, string | undefined];
      const known =
        value === undefined ||
        (kind in lists && this.mall.has(lists[kind], value)) ||
        (kind === 'custom' && this.store.data.segments.some((s) => s.id === id));
      if (!known) throw invalid(`unknown segment "${id}"`, `segments.${i}`);
    }
  }
}

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', cy: 'Welsh', zh: 'Chinese', kk: 'Kazakh', hu: 'Hungarian', pl: 'Polish' };

function copy(f: PromotionFields): Omit<PromotionRecord, 'id' | 'status' | 'createdAt' | 'updatedAt'> {
  return structuredClone({
    title: f.title,
    text: f.text,
    ...(f.imageUrl ? { imageUrl: f.imageUrl } : {}),
    ...(f.media ? { media: { id: f.media.id, play: f.media.play } } : {}),
    ...(f.tenantId ? { tenantId: f.tenantId } : {}),
    colours: f.colours,
    segments: [...new Set(f.segments)],
    minAudience: f.minAudience,
    zones: f.zones,
    screens: f.screens,
    audienceScope: f.audienceScope,
    ...(f.audienceLabel ? { audienceLabel: f.audienceLabel } : {}),
    schedule: { from: f.schedule.from, ...(f.schedule.to ? { to: f.schedule.to } : {}), days: f.schedule.days, dayParts: f.schedule.dayParts },
    priority: f.priority,
    durationSeconds: f.durationSeconds,
    house: f.house,
    redemptionsPerShopper: f.redemptionsPerShopper,
    offerEmail: { enabled: f.offerEmail.enabled, subject: f.offerEmail.subject, text: f.offerEmail.text },
    ...(f.offerSms.enabled || f.offerSms.text ? { offerSms: { enabled: f.offerSms.enabled, text: f.offerSms.text } } : {}),
    ...(f.groups.length ? { groups: [...new Set(f.groups)] } : {}),
    ...(f.outsideHours ? { outsideHours: true } : {}),
    ...(Object.keys(f.translations).length ? { translations: f.translations as Record<string, { title: string; text: string }> } : {}),
  });
}

/**
 * Every id a segment rule names is on the mall's lists: profile values by their field's list,
 * zones visited among the zones. Shared by saving, editing and previewing a rule.
 * @throws DomainError 'invalid' naming `conditions.<i>.anyOf.<j>` or `conditions.<i>.zoneId` and the value.
 */
export function checkConditions(mall: Mall, conditions: CustomSegment['conditions']): void {
  for (const [i, c] of conditions.entries()) {
    if (c.kind === 'zoneVisited') mall.require('zone', c.zoneId, `conditions.${i}.zoneId`);
    if (c.kind === 'profile') for (const [j, v] of c.anyOf.entries()) mall.require(PROFILE_FIELD_LISTS[c.field], v, `conditions.${i}.anyOf.${j}`);
  }
}
