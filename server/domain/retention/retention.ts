import { RETENTION_DEFAULTS, type RetentionRun, type RetentionSettings } from '#shared/schemas/retention.ts';
import { dayOf, type DailyLog } from '#server/storage/daily-log.ts';
import type { Partition } from '#server/storage/partition.ts';
import type { AuditRecord, MallRecord } from '#server/storage/records.ts';
import type { Audit } from '../accounts/audit.ts';
import type { Shoppers } from '../enrolment/shoppers.ts';
import type { Mailer } from '../integrations/mailer.ts';
import type { Sms } from '../integrations/sms/sms.ts';
import type { OfferMail } from '../integrations/offer-mail.ts';
import type { Webhooks } from '../integrations/webhooks.ts';
import type { Feedback } from '../rewards/feedback.ts';
import type { Rewards } from '../rewards/rewards.ts';
import { localMoment } from '../mall/local-time.ts';
import { isDue, localDay, monthsBack, RUNS_AT } from './schedule.ts';

/** What the daily run works on: the mall's record (settings, last run) and the logs it trims. */
export interface RetentionParts {
  mall: Partition<MallRecord | null>;
  /** The mall clock's time zone, read at each use (an operator may change it while the hub runs): the run is for a local day and starts at RUNS_AT local time. */
  timeZone: () => string;
  shoppers: Shoppers;
  audit: Audit;
  auditLog: DailyLog<AuditRecord>;
  webhooks: Webhooks;
  offerMail: OfferMail;
  mailer: Mailer;
  /** The SMS log is trimmed like the email logs. */
  sms: Sms;
  /** Feedback answers (and their comments) and the rewards report rows are trimmed like visits. */
  feedback?: Feedback;
  rewards?: Rewards;
  /** The hub's clock (epoch ms); tests set it. */
  now?: () => number;
}

/** How often the timer asks whether a run is due, and how long after start it first asks. */
export interface RetentionTimer {
  checkMs: number;
  firstCheckMs: number;
}

const TIMER: RetentionTimer = { checkMs: 5 * 60_000, firstCheckMs: 60_000 };

/**
 * Keeps only what the mall may keep (docs/shoppers-and-privacy.md#how-long-data-is-kept). Once a
 * day, on the mall clock: erases shoppers not seen for `shopperMonths` exactly as if they had
 * asked (Shoppers.erase: their visits stay as anonymous counts), folds raw visit rows older than
 * `visitMonths` into anonymous counts, drops feedback answers and loyalty report rows of those
 * days, deletes audit days older than `auditMonths` and finished
 * webhook and email deliveries older than `deliveryDays`. Each run is audited with counts only.
 * Every step can be run again without harm, so a run cut short is simply run again.
 */
export class Retention {
  readonly #now: () => number;
  #running: Promise<RetentionRun> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(private readonly parts: RetentionParts) {
    this.#now = parts.now ?? (() => Date.now());
  }

  #record(): MallRecord {
    const m = this.parts.mall.data;
    if (!m) throw new Error('mall not set up');
    return m;
  }

  /** The periods in force: the mall's own, else RETENTION_DEFAULTS. */
  get settings(): RetentionSettings {
    return { ...(this.parts.mall.data?.retention ?? RETENTION_DEFAULTS) };
  }

  /** Stores validated settings with the mall (mall.json `retention`); resolves once on disk. The next run uses them. */
  async update(settings: RetentionSettings): Promise<RetentionSettings> {
    this.#record().retention = { ...settings };
    await this.parts.mall.commit();
    return this.settings;
  }

  /** What the last run did, or null if none has run in this data folder. */
  get lastRun(): RetentionRun | null {
    const run = this.parts.mall.data?.retentionRun;
    if (!run) return null;
    const { foldedThrough: _, ...counts } = run;
    return counts;
  }

  /** The local time the daily run starts at (HH:MM, mall clock). */
  get runsAt(): string {
    return RUNS_AT;
  }

  /** Whether a run is due at `now` (see schedule.ts isDue). */
  due(now = new Date(this.#now())): boolean {
    return isDue(this.parts.mall.data?.retentionRun?.day, now, this.parts.timeZone());
  }

  /** Runs if a run is due; resolves with what it did, or null if none was due. */
  async tick(now = new Date(this.#now())): Promise<RetentionRun | null> {
    if (this.#stopped || !this.parts.mall.data || !this.due(now)) return null;
    return this.run(now);
  }

  /**
   * Runs once for the moment `now` (default: the hub's clock), whether due or not; a run under way
   * is waited for instead of starting another. Resolves with its counts once everything is on disk
   * and audited. Throws what storage throws; the steps done stay done and the next run redoes the rest.
   */
  run(now = new Date(this.#now())): Promise<RetentionRun> {
    this.#running ??= this.#run(now).finally(() => (this.#running = null));
    return this.#running;
  }

  async #run(now: Date): Promise<RetentionRun> {
    const s = this.settings;
    const { shoppers, mall, timeZone } = this.parts;
    const previous = mall.data?.retentionRun;

    const lapsedCutoff = monthsBack(now, s.shopperMonths).getTime();
    let shoppersErased = 0;
    for (const id of await shoppers.lapsedSince(lapsedCutoff)) {
      if (this.#stopped) break;
      if (await shoppers.eraseIfLapsed(id, lapsedCutoff)) shoppersErased++;
    }

    const foldBefore = dayOf(monthsBack(now, s.visitMonths));
    const visitsFolded = this.#stopped ? 0 : await shoppers.foldVisits(foldBefore, previous?.foldedThrough);

    // Loyalty's rows are by local day: the same cut as the visits', on the mall clock.
    const cutDay = localMoment(monthsBack(now, s.visitMonths), timeZone()).day;
    const loyaltyRowsDropped = this.#stopped ? 0 : ((await this.parts.feedback?.trimBefore(cutDay)) ?? 0) + ((await this.parts.rewards?.trimBefore(cutDay)) ?? 0);

    const auditEntriesDropped = this.#stopped ? 0 : await this.parts.auditLog.dropBefore(dayOf(monthsBack(now, s.auditMonths)));

    const deliveriesBefore = new Date(now.getTime() - s.deliveryDays * 86_400_000);
    const deliveriesDropped = this.#stopped
      ? 0
      : (await this.parts.webhooks.dropFinishedBefore(deliveriesBefore)) +
        (await this.parts.offerMail.dropFinishedBefore(deliveriesBefore)) +
        (await this.parts.mailer.dropLogBefore(deliveriesBefore)) +
        (await this.parts.sms.dropFinishedBefore(deliveriesBefore));

    const run: RetentionRun = { day: localDay(now, timeZone()), at: now.toISOString(), shoppersErased, visitsFolded, auditEntriesDropped, deliveriesDropped, loyaltyRowsDropped };
    if (!this.#stopped) {
      const dayBefore = dayOf(new Date(Date.parse(`${foldBefore}T00:00:00Z`) - 86_400_000));
      this.#record().retentionRun = { ...run, foldedThrough: previous?.foldedThrough && previous.foldedThrough > dayBefore ? previous.foldedThrough : dayBefore };
      await mall.commit();
      await this.parts.audit.record({
        actor: 'hub:retention',
        action: 'retention.run',
        target: `${shoppersErased} shoppers erased, ${visitsFolded} visits folded, ${loyaltyRowsDropped} feedback answers and loyalty rows dropped, ${auditEntriesDropped} audit entries dropped, ${deliveriesDropped} deliveries dropped`,
      });
    }
    return run;
  }

  /**
   * Starts the daily timer: it asks every `checkMs` whether a run is due (first `firstCheckMs`
   * after start), so a hub running for weeks runs each day once, and one started after a missed
   * day catches up once. A failed run is tried again at the next check.
   */
  start(timer: Partial<RetentionTimer> = {}, onError: (e: unknown) => void = () => undefined): void {
    const { checkMs, firstCheckMs } = { ...TIMER, ...timer };
    const check = () => void this.tick().catch(onError);
    this.#timer = setTimeout(() => {
      check();
      this.#timer = setInterval(check, checkMs);
      this.#timer.unref();
    }, firstCheckMs);
    this.#timer.unref();
  }

  /** Resolves once no run is under way (a failed one included): for closing the store after stop(). */
  async idle(): Promise<void> {
    await this.#running?.catch(() => undefined);
  }

  /** Stops the timer; a run under way stops after its current step, without recording itself. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
