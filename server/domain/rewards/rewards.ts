import { LOYALTY_DEFAULTS, type LoyaltySettings, type RewardBody, type RewardProgress, type RewardRedeem, type RewardRedeemResult } from '#shared/schemas/rewards.ts';
import { nameIn } from '#shared/names.ts';
import type { Language } from '#shared/schemas/shoppers.ts';
import type { DailyLog } from '#server/storage/daily-log.ts';
import type { JournalChange } from '#server/storage/journal.ts';
import type { JournaledFile } from '#server/storage/journaled-file.ts';
import type { RewardCardRecord, RewardRecord, RewardRedemptionRecord, RewardsChange, RewardsFileRecord, RewardVisitRecord, ShopperRecord } from '#server/storage/records.ts';
import { DomainError, invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { readLive, type Live } from '../core/live.ts';
import { dayToIso, localMoment } from '../mall/local-time.ts';
import type { Mall } from '../mall/mall.ts';
import { FollowedVisits, replayDay, type FollowedVisit, type VisitRecovery } from './applied-visits.ts';
import { addVisit, balanceOf, emptyCard, nextItem, readyOf, spendPoints, stampsHeld, visitCounts, visitsToGo } from './earning.ts';

/** Who is asking: the mall's operators, or one shop (its own rewards only). */
export type RewardActor = { role: 'operator' } | { role: 'tenant'; tenantId: string };

/** A shopper this many visits (or visit days) from a reward is "close to" it in the report. */
export const CLOSE_VISITS = 2;

export interface RewardsOptions {
  mall: Mall;
  shopperOf: (id: string) => ShopperRecord | undefined;
  /** The shopper's keyed pseudonym: cards and report rows name nobody. */
  visitorOf: (id: string) => string;
  timeZone: Live<string>;
  /** The hub's clock (epoch ms); tests set it. */
  now: () => number;
  /** The report's rows, one per counted mall visit (MallStore.rewardVisits). */
  rows: DailyLog<RewardVisitRecord>;
}

/** A report row filed under its local day: `at` is that day's noon UTC (only the file name is read from it). */
const rowOf = (visitId: string, day: number, visitor: string, near: boolean): RewardVisitRecord => ({ id: visitId, at: `${dayToIso(day)}T12:00:00.000Z`, day, visitor, near: near ? 1 : 0 });

/**
 * Rewards: stamp cards and points schemes, earned by the visits the hub records (a resting card or
 * a retry records none, so it earns nothing) and redeemed once at a till. A visit's stamps, its
 * report row and its note as applied are one journal frame; so are a redemption and its card.
 * `rewards.json` is rewritten at the journal's checkpoints and on the operators' changes, never
 * once per visit: it holds a card per shopper per reward, and grows with the mall's members.
 *
 * What a frame changes is seen at once (a shopper's next visit and their progress build on it)
 * but reaches `file.data` only once the frame is on disk (JournaledFile), so a checkpoint or an
 * operator's write never puts on disk a stamp, or a note, whose frame a crash could still lose.
 */
export class Rewards {
  /** Per shopper, the write of their latest counted visit: their progress is read after it. */
  readonly #writing = new Map<string, Promise<void>>();
  /** Visits applied: in memory, and in the file as their frames land. */
  readonly #applied: FollowedVisits;
  /** Cards changed by frames not yet on disk (`rewardId|visitor` → card): read before the file's. */
  readonly #cardsNow = new Map<string, RewardCardRecord>();
  /** Redemptions whose frames are not yet on disk: a retry meanwhile is a replay, not a second one. */
  readonly #redeemingNow = new Map<string, RewardRedemptionRecord>();

  constructor(
    private readonly store: JournaledFile<RewardsFileRecord, RewardsChange>,
    private readonly o: RewardsOptions,
  ) {
    this.#applied = new FollowedVisits(() => store.file.data);
  }

  get #file() {
    return this.store.file;
  }

  /**
   * Start-up, before any new visit: applies the stored visits this file has not applied (a crash
   * came between the visit and this file's write), each once, as the shared pass over the visit
   * days hands them over (recoverFromVisits); done() resolves with how many, once on disk.
   */
  recovery(): VisitRecovery {
    const now = this.o.now();
    let applied = 0;
    return {
      day: (_day, rows) => {
        // Each visit applied goes out in its own frame as a live one does (#record); replayDay
        // then notes it (and those it skips: no shopper) in the record in memory.
        applied += replayDay(rows, this.#applied.memory, now, (v) => void this.#record(v).catch(() => undefined), { adopt: this.#applied.adopt });
      },
      done: async () => {
        await this.written();
        await this.store.durable();
        // Every frame is on disk: the record in memory (with the visits only noted, which change
        // nothing) is what the file keeps.
        this.#applied.settle(now);
        await this.#settleRows();
        await this.#file.commit();
        return applied;
      },
    };
  }

  get #data(): RewardsFileRecord {
    return this.#file.data;
  }

  /**
   * Start-up: rows this file still holds go to the report's log, which keeps one per visit id —
   * rows whose log write was not yet confirmed (`rowsPending`), and the rows of a file from before
   * the log (`visits`, named by their day and place there). The caller writes the file after.
   */
  async #settleRows(): Promise<void> {
    const legacy = this.#data.visits;
    const pending = this.#data.rowsPending ?? [];
    if (!legacy.length && !pending.length) return;
    const place = new Map<number, number>();
    const moved = legacy.map(([day, visitor, near]) => {
      const n = place.get(day) ?? 0;
      place.set(day, n + 1);
      return rowOf(`rewards.json:${day}:${n}`, day, visitor, near === 1);
    });
    await this.o.rows.appendMany([...moved, ...pending]);
    this.#data.visits = [];
    delete this.#data.rowsPending;
  }

  /**
   * The report's rows of local days `fromDay..toDay`: one file of the log per day, read as asked
   * (a year is 365 reads; the most recent days are in memory).
   */
  async reportRows(fromDay: number, toDay: number): Promise<RewardVisitRecord[]> {
    const out: RewardVisitRecord[] = [];
    for (let day = fromDay; day <= toDay; day++) for (const row of await this.o.rows.read(dayToIso(day))) out.push(row);
    return out;
  }

  settings(): LoyaltySettings {
    return { ...LOYALTY_DEFAULTS, ...this.#data.settings };
  }

  async setSettings(settings: LoyaltySettings): Promise<LoyaltySettings> {
    this.#data.settings = { ...settings };
    await this.#file.commit();
    return this.settings();
  }

  /** The rewards an actor may see: all for operators, a shop's own and the mall's it redeems for a shop. */
  list(actor: RewardActor): RewardRecord[] {
    const all = this.#data.rewards.filter((r) => r.status !== 'archived');
    return actor.role === 'operator' ? all : all.filter((r) => r.tenantId === actor.tenantId || (r.owner === 'mall' && !r.tenantId));
  }

  get(id: string): RewardRecord | undefined {
    return this.#data.rewards.find((r) => r.id === id);
  }

  /**
   * Creates a reward. A shop's is always its own (its shop named by the actor, never the body)
   * and waits for approval when the mall's settings ask for it.
   * @throws DomainError invalid naming `tenantId` for a shop the mall does not have.
   */
  async create(body: RewardBody, actor: RewardActor): Promise<RewardRecord> {
    const tenantId = actor.role === 'tenant' ? actor.tenantId : body.tenantId;
    this.#checkShop(tenantId);
    const now = new Date(this.o.now()).toISOString();
    const record: RewardRecord = {
      id: newId(),
      ...this.#fields(body, tenantId),
      owner: actor.role === 'tenant' ? 'shop' : 'mall',
      status: actor.role === 'tenant' && this.settings().shopRewardsNeedApproval ? 'pending' : 'active',
      createdAt: now,
      updatedAt: now,
    };
    this.#data.rewards.push(record);
    await this.#file.commit();
    return record;
  }

  /** Changes a reward's rules; cards already held keep their stamps and points. */
  async update(id: string, body: RewardBody, actor: RewardActor): Promise<RewardRecord> {
    const r = this.#own(id, actor);
    const tenantId = actor.role === 'tenant' ? actor.tenantId : body.tenantId;
    this.#checkShop(tenantId);
    const { tenantId: _old, stamps: _s, points: _p, ...rest } = r;
    const next: RewardRecord = { ...rest, ...this.#fields(body, tenantId), updatedAt: new Date(this.o.now()).toISOString() };
    // A shop's changed reward is approved again when the mall asks for approval.
    if (actor.role === 'tenant' && this.settings().shopRewardsNeedApproval && r.status === 'active') next.status = 'pending';
    Object.assign(r, next);
    if (!next.tenantId) delete r.tenantId;
    if (!next.stamps) delete r.stamps;
    if (!next.points) delete r.points;
    await this.#file.commit();
    return r;
  }

  /** An operator approves a shop's pending reward. @throws conflict naming `id` unless it is pending. */
  async approve(id: string): Promise<RewardRecord> {
    const r = this.#own(id, { role: 'operator' });
    if (r.status !== 'pending') throw new DomainError('conflict', 'only a reward waiting for approval can be approved', 'id');
    r.status = 'active';
    r.updatedAt = new Date(this.o.now()).toISOString();
    await this.#file.commit();
    return r;
  }

  /** Ends a reward: nothing more is earned; earned ones can no longer be redeemed. */
  async archive(id: string, actor: RewardActor): Promise<RewardRecord> {
    const r = this.#own(id, actor);
    r.status = 'archived';
    r.updatedAt = new Date(this.o.now()).toISOString();
    await this.#file.commit();
    return r;
  }

  #fields(body: RewardBody, tenantId: string | undefined) {
    return {
      name: body.name,
      kind: body.kind,
      counts: body.counts,
      ...(tenantId ? { tenantId } : {}),
      ...(body.kind === 'stamps' && body.stamps ? { stamps: { ...body.stamps } } : {}),
      ...(body.kind === 'points' && body.points ? { points: { ...body.points, catalogue: body.points.catalogue.map((c) => ({ ...c })) } } : {}),
      validDays: body.validDays,
      onRedeem: body.onRedeem,
    };
  }

  #checkShop(tenantId: string | undefined): void {
    if (tenantId && !this.o.mall.record.tenants.some((t) => t.id === tenantId && !t.closedAt)) throw invalid('no such shop in this mall', 'tenantId');
  }

  /** A reward the actor may change: a shop only its own (another's is simply not found). */
  #own(id: string, actor: RewardActor): RewardRecord {
    const r = this.get(id);
    if (!r || r.status === 'archived' || (actor.role === 'tenant' && (r.owner !== 'shop' || r.tenantId !== actor.tenantId))) throw notFound('no such reward', 'id');
    return r;
  }

  #dayOf = (t: number) => localMoment(new Date(t), readLive(this.o.timeZone)).day;

  /**
   * A visit the hub recorded (the `visit.checked_in` event): stamps and points for each reward it
   * counts for, and a report row for a mall visit of a shopper counted in reports, noted as applied
   * in the same write. Changes memory at once; `progressOf` waits for the write. A visit applied
   * already (the same id) changes nothing.
   */
  visited(e: FollowedVisit): Promise<void> {
    if (this.#applied.has(e.at, e.position)) return Promise.resolve();
    return this.#record(e);
  }

  /**
   * Applies a visit not applied yet and journals, in one frame, the cards it changed, its report
   * row (in its own log, `reward-visits/`) and its note as applied: a crash keeps all or none, and
   * start-up applies a stored visit whose frame it lost. All of it made in this turn, so frames
   * keep the order the visits were applied in.
   */
  #record(e: FollowedVisit): Promise<void> {
    const { row, cards } = this.#apply(e);
    const change: RewardsChange = { applied: this.#applied.add(e.at, e.position, this.o.now()), ...(Object.keys(cards).length ? { cards } : {}) };
    const written = this.#journal([this.store.stage(change), ...(row ? [this.o.rows.stageAppend(row)] : [])], cards);
    this.#writing.set(e.shopperId, written);
    void written.finally(() => {
      if (this.#writing.get(e.shopperId) === written) this.#writing.delete(e.shopperId);
    });
    return written;
  }

  /** Resolves once every visit applied so far is on disk (its frame: cards, report row, note). */
  async written(): Promise<void> {
    await Promise.all(this.#writing.values());
  }

  /**
   * Writes `changes` in one journal frame; `cards` (the cards they change, already in #cardsNow)
   * are read from the file once it is on disk. Resolves once on disk.
   */
  #journal(changes: JournalChange[], cards: Record<string, RewardCardRecord>): Promise<void> {
    return changes[0].journal.writeTogether(changes).finally(() => {
      for (const [key, card] of Object.entries(cards)) if (this.#cardsNow.get(key) === card) this.#cardsNow.delete(key);
    });
  }

  /** A card as it stands, changes in flight included. */
  #cardOf(key: string): RewardCardRecord | undefined {
    return this.#cardsNow.get(key) ?? this.#data.cards[key];
  }

  /**
   * Applies one visit to the cards in memory (new card objects, in #cardsNow); returns the cards
   * changed and the report row (a mall visit of a shopper counted in reports; null otherwise).
   * The caller notes the visit as applied and journals both.
   */
  #apply(e: FollowedVisit): { row: RewardVisitRecord | null; cards: Record<string, RewardCardRecord> } {
    const cards: Record<string, RewardCardRecord> = {};
    const shopper = this.o.shopperOf(e.shopperId);
    if (!shopper) return { row: null, cards };
    const visitor = this.o.visitorOf(e.shopperId);
    const t = Date.parse(e.at);
    const day = this.#dayOf(t);
    let close = false;
    for (const reward of this.#data.rewards) {
      if (!visitCounts(reward, e)) continue;
      const key = `${reward.id}|${visitor}`;
      const held = this.#cardOf(key);
      const card = held ? structuredClone(held) : emptyCard();
      const toGo = visitsToGo(reward, card, t);
      if (toGo !== null && toGo > 0 && toGo <= CLOSE_VISITS) close = true;
      addVisit(reward, card, t, day, this.#dayOf);
      cards[key] = card;
      this.#cardsNow.set(key, card);
    }
    return { row: e.mallVisit && shopper.consent.analytics ? rowOf(e.visitId, day, visitor, close) : null, cards };
  }

  /**
   * A shopper's standing with each running reward they have begun (a visit counted for it at
   * some time, so a redeemed card shows its fresh start), readiest first, names in `language`. Waits until their latest visit's stamps are on disk.
   */
  async progressOf(shopperId: string, language: Language): Promise<RewardProgress[]> {
    await this.#writing.get(shopperId);
    return this.progressNow(shopperId, language);
  }

  /**
   * progressOf without waiting for rewards.json: the standing in memory, which may include stamps
   * of visits whose write is still under way. For the answer to a check-in whose visit is already
   * stored: a crash before the file is written loses no stamp shown, since start-up applies the
   * stored visits the file has not noted (recovery()) before the hub serves. So the check-in's
   * answer waits for one sync (the visit's journal frame), not a second whole-file rewrite after it.
   */
  progressNow(shopperId: string, language: Language): RewardProgress[] {
    const visitor = this.o.visitorOf(shopperId);
    const now = this.o.now();
    const out: { p: RewardProgress; rank: number }[] = [];
    for (const reward of this.#data.rewards) {
      if (reward.status !== 'active') continue;
      const card = this.#cardOf(`${reward.id}|${visitor}`);
      if (!card) continue;
      const ready = readyOf(card, now).map((e) => ({ id: e.id, expiresAt: new Date(e.expiresAt).toISOString() }));
      const shop = this.#shopName(reward.tenantId, language);
      const base = { rewardId: reward.id, name: reward.name, ...(shop ? { shop } : {}), kind: reward.kind, ready };
      if (reward.kind === 'stamps' && reward.stamps) {
        const have = stampsHeld(reward, card, now);
        out.push({ p: { ...base, stamps: { have, need: reward.stamps.visits } }, rank: ready.length ? -1 : reward.stamps.visits - have });
      } else if (reward.kind === 'points' && reward.points) {
        const balance = balanceOf(reward, card, now);
        const next = nextItem(reward, balance);
        out.push({ p: { ...base, points: { balance, ...(next ? { next } : {}) } }, rank: next ? Math.ceil((next.points - balance) / reward.points.perVisit) : -1 });
      }
    }
    return out.sort((a, b) => a.rank - b.rank).map((x) => x.p);
  }

  #shopName(tenantId: string | undefined, language: Language): string | undefined {
    const t = tenantId ? this.o.mall.record.tenants.find((x) => x.id === tenantId) : undefined;
    return t ? nameIn(t, language) : undefined;
  }

  /** The running rewards a shop's till may redeem. */
  tillRewards(tenantId: string): RewardRecord[] {
    return this.#data.rewards.filter((r) => r.status === 'active' && (r.tenantId === tenantId || !r.tenantId));
  }

  /**
   * Redeems a reward for the pass scanned at a shop's till: a stamp card's oldest earned and
   * still valid reward, or a catalogue item's points. Once per earned reward, only by the
   * reward's shop (any shop for a mall-wide reward without one), only while valid. A retry with
   * the same redemption id is answered as before and changes nothing. Everything that can refuse
   * is checked before anything changes.
   * @throws DomainError not_found (`rewardId`, `passId`, `itemId`), conflict (`rewardId`: nothing
   *   earned or expired; `itemId`: too few points; `redemptionId`: used for another redemption),
   *   invalid (`itemId` missing for points, or given for a stamp card).
   */
  async redeem(tenantId: string, body: RewardRedeem): Promise<RewardRedeemResult> {
    const done = this.#redeemingNow.get(body.redemptionId) ?? this.#data.redemptions[body.redemptionId];
    if (done) {
      const reward = this.get(done.rewardId);
      if (done.tenantId !== tenantId || done.rewardId !== body.rewardId || !this.o.shopperOf(body.passId) || done.visitor !== this.o.visitorOf(body.passId)) {
        throw new DomainError('conflict', 'this redemption id was already used for another redemption', 'redemptionId');
      }
      // Answered as before once the first is on disk.
      await this.store.durable();
      return { redeemed: true, replayed: true, reward: reward?.name ?? done.rewardId, ...(done.item ? { item: done.item } : {}) };
    }
    const reward = this.get(body.rewardId);
    if (!reward || reward.status !== 'active' || (reward.tenantId && reward.tenantId !== tenantId)) throw notFound('no such reward at this shop', 'rewardId');
    if (!this.o.shopperOf(body.passId)) throw notFound('no pass with that id', 'passId');
    const visitor = this.o.visitorOf(body.passId);
    const key = `${reward.id}|${visitor}`;
    const held = this.#cardOf(key);
    const card: RewardCardRecord = held ? structuredClone(held) : emptyCard();
    const now = this.o.now();
    let item: string | undefined;
    if (reward.kind === 'stamps') {
      if (body.itemId) throw invalid('a stamp card has no catalogue items', 'itemId');
      const ready = readyOf(card, now)[0];
      if (!ready) {
        const expired = card.earned.filter((e) => e.redeemedAt === undefined && e.expiresAt <= now).at(-1);
        if (expired) throw new DomainError('conflict', `this pass’s “${reward.name}” expired on ${new Date(expired.expiresAt).toISOString().slice(0, 10)}`, 'rewardId');
        throw new DomainError('conflict', `this pass has no “${reward.name}” ready to redeem`, 'rewardId');
      }
      ready.redeemedAt = now;
      ready.by = tenantId;
      if (reward.onRedeem === 'reset') card.stamps = [];
    } else {
      if (!body.itemId) throw invalid('choose the catalogue item to redeem', 'itemId');
      const chosen = reward.points?.catalogue.find((c) => c.id === body.itemId);
      if (!chosen) throw notFound('no such item in this reward’s catalogue', 'itemId');
      const balance = balanceOf(reward, card, now);
      if (balance < chosen.points) throw new DomainError('conflict', `${chosen.name} needs ${chosen.points} points; this pass has ${balance}`, 'itemId');
      spendPoints(reward, card, chosen.points, now);
      if (reward.onRedeem === 'reset') card.points = [];
      item = chosen.name;
    }
    const redemption: RewardRedemptionRecord = { rewardId: reward.id, visitor, tenantId, at: now, ...(item ? { item } : {}) };
    this.#cardsNow.set(key, card);
    this.#redeemingNow.set(body.redemptionId, redemption);
    // The card and the redemption in one frame (with the audit line the journal carries for it).
    await this.#journal([this.store.stage({ cards: { [key]: card }, redemption: [body.redemptionId, redemption] })], { [key]: card }).finally(() => {
      if (this.#redeemingNow.get(body.redemptionId) === redemption) this.#redeemingNow.delete(body.redemptionId);
    });
    return { redeemed: true, replayed: false, reward: reward.name, ...(item ? { item } : {}) };
  }

  /** Drops an erased shopper's cards (their pseudonym's), so nothing of theirs stays but counts. */
  async forget(visitor: string): Promise<void> {
    // Frames in flight land first, so none brings a card back after it went.
    await this.store.durable();
    let changed = false;
    for (const key of Object.keys(this.#data.cards)) {
      if (key.endsWith(`|${visitor}`)) {
        delete this.#data.cards[key];
        this.#cardsNow.delete(key);
        changed = true;
      }
    }
    if (!changed) return;
    this.#file.markChanged();
    // The file without them, and the journal files that held their changes deleted.
    await this.store.checkpoint();
  }

  /**
   * Retention (server/domain/retention/): drops the report rows of local days before `beforeDay`
   * and the redemptions made before it (each names a pseudonym, like a visit row). Cards stay:
   * they are the shopper's standing, and go with their erasure. Resolves with how many went.
   */
  async trimBefore(beforeDay: number): Promise<number> {
    let dropped = await this.o.rows.dropBefore(dayToIso(beforeDay));
    let changed = false;
    for (const [id, r] of Object.entries(this.#data.redemptions)) {
      if (this.#dayOf(r.at) >= beforeDay) continue;
      delete this.#data.redemptions[id];
      dropped++;
      changed = true;
    }
    if (changed) await this.#file.commit();
    return dropped;
  }

  /** What the report reads: rewards, cards and redemptions as stored. */
  get data(): Readonly<RewardsFileRecord> {
    return this.#data;
  }
}
