import { randomBytes } from 'node:crypto';
import type { KioskFeedback, PassFeedback, PassFeedbackComment } from '#shared/schemas/feedback.ts';
import type { LoyaltySettings } from '#shared/schemas/rewards.ts';
import type { JournaledFile } from '#server/storage/journaled-file.ts';
import type { FeedbackChange, FeedbackFileRecord, ShopperRecord } from '#server/storage/records.ts';
import type { DomainBus } from '../core/bus.ts';
import { DomainError, notFound } from '../core/errors.ts';
import { sha256 } from '../core/ids.ts';
import { readLive, type Live } from '../core/live.ts';
import { localMoment } from '../mall/local-time.ts';
import { FollowedVisits, replayDay, type FollowedVisit, type VisitRecovery } from './applied-visits.ts';
import { DAY_MS } from './earning.ts';

/** The kiosk's question can be answered this long after the welcome (the idle reset comes sooner). */
const ASK_MS = 10 * 60_000;
/** A feedback message's one-tap link works this long. */
const LINK_MS = 7 * DAY_MS;
/** After a link's score, its comment can follow for this long. */
const COMMENT_MS = 60 * 60_000;

export interface FeedbackOptions {
  settings: () => LoyaltySettings;
  shopperOf: (id: string) => ShopperRecord | undefined;
  visitorOf: (id: string) => string;
  /** Shops (tenant ids) the shopper's reads at tills show on the local day of `at`. */
  shopsVisited: (shopperId: string, at: string) => Promise<string[]>;
  timeZone: Live<string>;
  bus: DomainBus;
  /** The hub's clock (epoch ms); tests set it. */
  now: () => number;
}

/** Whether a shopper can get a feedback message on any channel they granted (email now; SMS plugs into `feedback.due`). */
export const reachable = (s: ShopperRecord) => (!!s.consent.marketing_email && !!s.email) || (!!s.consent.marketing_sms && !!s.phone);

/**
 * One-question feedback: the kiosk's 0–10 answer after a welcome back, and the post-visit
 * message's one-tap link. Answers are kept without the shopper (local day, zone, shops visited,
 * score, channel), one per visit, and reported only as K-safe NPS.
 *
 * The post-visit message is channel-neutral here: when one is due, the `feedback.due` event goes
 * out on the domain bus with the link's token; each channel (email in feedback-mail.ts, SMS beside
 * it) sends it to shoppers who granted that channel.
 */
export class Feedback {
  /** Visits the kiosk was told to ask about: visit id → whose, where, when, until when. */
  readonly #asked = new Map<string, { shopperId: string; zoneId: string; at: string; until: number }>();
  #timer: ReturnType<typeof setInterval> | null = null;
  /** Visits applied: in memory, and in the file as their frames land. */
  readonly #applied: FollowedVisits;
  /** Frames of followed visits not yet on disk (`written()` waits for them). */
  readonly #writing = new Set<Promise<void>>();

  /**
   * `store`: feedback.json, whose per-visit change (the visit noted as followed, the message it
   * queued) is journaled — the file, which keeps every answer for the reporting horizon, is
   * rewritten at checkpoints and when a message is sent or an answer comes, not on every visit.
   */
  constructor(
    private readonly store: JournaledFile<FeedbackFileRecord, FeedbackChange>,
    private readonly o: FeedbackOptions,
  ) {
    this.#applied = new FollowedVisits(() => store.file.data);
  }

  get #file() {
    return this.store.file;
  }

  /**
   * Start-up, before any new visit: follows the stored mall visits this file has not (a crash came
   * between the visit and this file's write), each once, as the shared pass over the visit days
   * hands them over (recoverFromVisits); done() resolves with how many, once on disk.
   */
  recovery(): VisitRecovery {
    const now = this.o.now();
    let n = 0;
    return {
      day: (_day, rows) => {
        n += replayDay(rows, this.#applied.memory, now, (v) => void this.#note(v).catch(() => undefined), { adopt: this.#applied.adopt, follows: (v) => v.mallVisit });
      },
      done: async () => {
        await this.written();
        await this.store.durable();
        // Every frame is on disk: the record in memory (visits only noted included) is the file's.
        this.#applied.settle(now);
        await this.#file.commit();
        return n;
      },
    };
  }

  get #data(): FeedbackFileRecord {
    return this.#file.data;
  }

  /** Whether the kiosk should ask about this new visit; remembers it so the answer is accepted. */
  ask(visit: { visitId: string; shopperId: string; zoneId: string; at: string }): boolean {
    if (!this.o.settings().kioskFeedback) return false;
    const now = this.o.now();
    for (const [id, a] of this.#asked) if (a.until <= now) this.#asked.delete(id);
    this.#asked.set(visit.visitId, { shopperId: visit.shopperId, zoneId: visit.zoneId, at: visit.at, until: now + ASK_MS });
    return true;
  }

  /**
   * The kiosk's answer about the visit it asked about.
   * @throws DomainError not_found naming `visitId` when this visit was not asked about (or the
   *   time passed), conflict naming `visitId` when it was answered already. Nothing is written then.
   */
  async answerAtKiosk(body: KioskFeedback): Promise<void> {
    const asked = this.#asked.get(body.visitId);
    if (!asked || asked.shopperId !== body.passId || asked.until <= this.o.now()) throw notFound('no question was asked about this visit, or its time has passed', 'visitId');
    await this.#record(body.visitId, asked, body.score, 'kiosk');
    this.#asked.delete(body.visitId);
  }

  /**
   * The pass page's answer from a feedback message's link. The link then takes one comment for
   * COMMENT_MS (see comment()); the answer and the link's new state are one write.
   * @throws DomainError not_found naming `token` for a link that is not this pass's, was used or expired.
   */
  async answerFromLink(passId: string, body: PassFeedback): Promise<void> {
    const now = this.o.now();
    const p = this.#data.pending.find((x) => x.token === body.token);
    if (!p || p.shopperId !== passId || p.sentAt === undefined || p.answerId !== undefined || p.expiresAt <= now) {
      throw notFound('this feedback link is not for this pass, was used already or has expired', 'token');
    }
    const answerId = randomBytes(9).toString('base64url');
    await this.#record(`link:${p.token}`, p, body.score, 'link', answerId, () => {
      p.answerId = answerId;
      p.expiresAt = Math.min(p.expiresAt, now + COMMENT_MS);
    });
  }

  /**
   * The optional comment after a link's score: kept with that answer, with the writer's pseudonym
   * so erasure can take it away (free text may name them). One per answer.
   * @throws DomainError not_found naming `token` unless this pass's link was answered within the
   *   last COMMENT_MS and has no comment yet. Nothing is written then.
   */
  async comment(passId: string, body: PassFeedbackComment): Promise<void> {
    const now = this.o.now();
    const p = this.#data.pending.find((x) => x.token === body.token);
    const answer = p?.answerId === undefined ? undefined : this.#data.answers.find((a) => a.id === p.answerId);
    if (!p || !answer || p.shopperId !== passId || p.expiresAt <= now || answer.comment !== undefined) {
      throw notFound('this feedback link is not for this pass, has no score yet, has its comment already or has expired', 'token');
    }
    answer.comment = body.comment;
    answer.by = this.o.visitorOf(passId);
    this.#data.pending = this.#data.pending.filter((x) => x !== p);
    await this.#file.commit();
  }

  /** Records one answer; `also` changes more in the same write (before anything is awaited after the checks). */
  async #record(visitKey: string, visit: { shopperId: string; zoneId: string; at: string }, score: number, channel: string, id?: string, also?: () => void): Promise<void> {
    const key = sha256(visitKey);
    if (this.#data.answered[key] !== undefined) throw new DomainError('conflict', 'this visit has been answered about already', 'visitId');
    const tenants = await this.o.shopsVisited(visit.shopperId, visit.at);
    // Checked again after the await: two answers at once must not both count.
    if (this.#data.answered[key] !== undefined) throw new DomainError('conflict', 'this visit has been answered about already', 'visitId');
    const day = localMoment(new Date(visit.at), readLive(this.o.timeZone)).day;
    this.#data.answered[key] = day;
    this.#data.answers.push({ day, zoneId: visit.zoneId, tenants, score, channel, ...(id ? { id } : {}) });
    also?.();
    await this.#file.commit();
  }

  /**
   * A mall visit recorded: a feedback message is queued for `feedbackEmailAfterMinutes` later,
   * if the mall sends them, the shopper can be reached on a channel they granted, and they had
   * none in the last `feedbackEveryDays`. The visit is noted as followed in the same write, so a
   * crash before it is made good at start-up (recover), and a visit is followed once.
   */
  async visited(e: FollowedVisit): Promise<boolean> {
    if (this.#applied.has(e.at, e.position)) return false;
    // A shop visit queues nothing, but is noted too, so the record has no gap.
    return this.#note(e);
  }

  /**
   * Follows a visit (a mall visit may queue a message) and journals its note with the message in
   * one frame, made in this turn (frames keep the order visits were followed in). The message is
   * in the file's data at once: written early by another change, it only keeps a second one from
   * being queued if the frame is lost and start-up follows the visit again.
   */
  #note(e: FollowedVisit): Promise<boolean> {
    const before = this.#data.pending.length;
    const queued = e.mallVisit && this.#follow(e);
    const applied = this.#applied.add(e.at, e.position, this.o.now());
    const pending = queued ? this.#data.pending[before] : undefined;
    const change = this.store.stage({ applied, ...(pending ? { pending } : {}) });
    const written = change.journal.writeTogether([change]);
    this.#writing.add(written);
    void written.finally(() => this.#writing.delete(written)).catch(() => undefined);
    return written.then(() => queued);
  }

  /** Resolves once every visit followed so far is on disk. */
  async written(): Promise<void> {
    await Promise.allSettled([...this.#writing]);
  }

  /** Follows one mall visit in memory (queues its message if one is due); the caller notes it as applied and commits. */
  #follow(e: FollowedVisit): boolean {
    const settings = this.o.settings();
    if (settings.feedbackEmailAfterMinutes === null) return false;
    const shopper = this.o.shopperOf(e.shopperId);
    if (!shopper || !reachable(shopper)) return false;
    const at = Date.parse(e.at);
    if (this.#tooSoon(e.shopperId, at, settings)) return false;
    if (this.#data.pending.some((p) => p.shopperId === e.shopperId && p.sentAt === undefined)) return false;
    const dueAt = at + settings.feedbackEmailAfterMinutes * 60_000;
    this.#data.pending.push({ token: randomBytes(18).toString('base64url'), shopperId: e.shopperId, zoneId: e.zoneId, at: e.at, dueAt, expiresAt: dueAt + LINK_MS });
    return true;
  }

  #tooSoon(shopperId: string, at: number, settings: LoyaltySettings): boolean {
    const last = this.#data.lastSent[this.o.visitorOf(shopperId)];
    return last !== undefined && at - last < settings.feedbackEveryDays * DAY_MS;
  }

  /**
   * Sends what is due by the hub's clock: each due message goes out once as `feedback.due` (the
   * channels send it), unless the shopper withdrew, was erased or got one meanwhile. Drops links
   * past their time. Resolves with how many went out, once noted on disk.
   */
  async tick(): Promise<number> {
    const now = this.o.now();
    const settings = this.o.settings();
    const due: FeedbackFileRecord['pending'] = [];
    const keep: FeedbackFileRecord['pending'] = [];
    for (const p of this.#data.pending) {
      if (p.expiresAt <= now) continue;
      if (p.sentAt !== undefined || p.dueAt > now) {
        keep.push(p);
        continue;
      }
      const shopper = this.o.shopperOf(p.shopperId);
      if (!shopper || !reachable(shopper) || this.#tooSoon(p.shopperId, now, settings)) continue;
      p.sentAt = now;
      this.#data.lastSent[this.o.visitorOf(p.shopperId)] = now;
      due.push(p);
      keep.push(p);
    }
    const changed = keep.length !== this.#data.pending.length || due.length > 0;
    this.#data.pending = keep;
    if (changed) await this.#file.commit();
    for (const p of due) this.o.bus.emit('feedback.due', { shopperId: p.shopperId, token: p.token, visitAt: p.at, zoneId: p.zoneId });
    return due.length;
  }

  /** Checks for due messages every `everyMs` (the hub's clock decides what is due). */
  start(everyMs = 15_000, onError: (e: unknown) => void = () => undefined): void {
    this.#timer = setInterval(() => void this.tick().catch(onError), everyMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /**
   * A shopper erased: their waiting messages go, and so do their comments' text and the pseudonym
   * kept with them; their scores stay, as anonymous as every other answer.
   */
  async forget(shopperId: string, visitor: string): Promise<void> {
    const before = this.#data.pending.length;
    this.#data.pending = this.#data.pending.filter((p) => p.shopperId !== shopperId);
    let changed = before !== this.#data.pending.length || visitor in this.#data.lastSent;
    delete this.#data.lastSent[visitor];
    for (const a of this.#data.answers) {
      if (a.by !== visitor) continue;
      delete a.comment;
      delete a.by;
      changed = true;
    }
    if (changed) await this.#file.commit();
  }

  /**
   * Retention (server/domain/retention/): drops the answers (comments with them) and the answered
   * marks of local days before `beforeDay`, and the last-message times older than the mall's
   * "at most one every N days" (they no longer hold anything back). Resolves with how many answers
   * went, once on disk; running it again drops nothing more.
   */
  async trimBefore(beforeDay: number): Promise<number> {
    const keep = this.#data.answers.filter((a) => a.day >= beforeDay);
    const dropped = this.#data.answers.length - keep.length;
    let changed = dropped > 0;
    this.#data.answers = keep;
    for (const [key, day] of Object.entries(this.#data.answered)) {
      if (day >= beforeDay) continue;
      delete this.#data.answered[key];
      changed = true;
    }
    const since = this.o.now() - this.o.settings().feedbackEveryDays * DAY_MS;
    for (const [visitor, at] of Object.entries(this.#data.lastSent)) {
      if (at >= since) continue;
      delete this.#data.lastSent[visitor];
      changed = true;
    }
    if (changed) await this.#file.commit();
    return dropped;
  }

  get answers(): Readonly<FeedbackFileRecord['answers']> {
    return this.#data.answers;
  }
}
