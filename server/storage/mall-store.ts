import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BucketedRows } from './bucketed-rows.ts';
import { collectCarried, forgetCarried, foundCarried, makeGoodCarried } from './carried-audit.ts';
import { DailyLog } from './daily-log.ts';
import { Journal, type JournalWarn } from './journal.ts';
import { upgradeLayout, type LayoutOptions } from './layout.ts';
import { Partition } from './partition.ts';
import { z } from 'zod';
import { JournaledFile } from './journaled-file.ts';
import {
  AccountsRecord,
  applyFeedbackChange,
  applyRewardsChange,
  emptyFeedbackFile,
  emptyRewardsFile,
  FeedbackChange,
  FeedbackFileRecord,
  AuditRecord,
  ConsentEntryRecord,
  DevicesRecord,
  IntegrationsRecord,
  LayoutRecord,
  MallRecord,
  ProofOfPlayRecord,
  RedemptionRecord,
  RewardsChange,
  RewardsFileRecord,
  RewardVisitRecord,
  shareShopperStrings,
  ShopperRecord,
  SignageRecord,
  StoreVisitRecord,
  VisitRecord,
} from './records.ts';
import { ShardedMap } from './sharded-map.ts';
import { forgetGate, gateFor } from './write-gate.ts';

export interface StorageOptions {
  /** fsync each file before its rename: survives a power cut, not just a crash. */
  fsync: boolean;
  /** Shards for a new data folder; an existing folder keeps the count it was made with. */
  shopperShards?: number;
  /** How often journaled changes are written to their own files (default 5 s)… */
  checkpointMs?: number;
  /** …or sooner, once this many bytes have been journaled (default 8 MB). */
  checkpointBytes?: number;
  /** Start over damaged journal lines, skipping them (see Journal); off by default. */
  salvage?: boolean;
  /** Where warnings about damage found (and dropped) at start-up go; the hub logs them. */
  warn?: JournalWarn;
  /** The layout check before opening (upgradeLayout): tests give their own versions and migrations. */
  layout?: LayoutOptions;
}

/**
 * Everything one mall keeps, in one folder: small files for the mall, accounts and devices;
 * shoppers and their consent ledgers sharded by id; visits one file per day.
 */
export class MallStore {
  private constructor(
    readonly dir: string,
    /** Changes to shoppers, consent ledgers and visits are acknowledged once journaled here. */
    readonly journal: Journal,
    readonly mall: Partition<MallRecord | null>,
    readonly accounts: Partition<AccountsRecord>,
    readonly devices: Partition<DevicesRecord>,
    readonly shoppers: ShardedMap<ShopperRecord>,
    readonly consents: ShardedMap<ConsentEntryRecord[]>,
    readonly visits: DailyLog<VisitRecord>,
    /** Precomputed per-shop visit rows for reports, one file per shop and month. */
    readonly storeVisits: BucketedRows<StoreVisitRecord>,
    readonly integrations: Partition<IntegrationsRecord>,
    /** Who did what: append-only, one file per day. */
    readonly audit: DailyLog<AuditRecord>,
    readonly signage: Partition<SignageRecord>,
    readonly proofOfPlay: Partition<ProofOfPlayRecord>,
    /** Offers redeemed at tills, one file per shop and month. */
    readonly redemptions: BucketedRows<RedemptionRecord>,
    /** Mall visits counted for the rewards report, one file per local day (journaled). */
    readonly rewardVisits: DailyLog<RewardVisitRecord>,
    /** `rewards.json`: rewards, cards, redemptions; visits and redemptions change it through the journal. */
    readonly rewards: JournaledFile<RewardsFileRecord, RewardsChange>,
    /** `feedback.json`: answers and messages; visits change it through the journal. */
    readonly feedback: JournaledFile<FeedbackFileRecord, FeedbackChange>,
  ) {}

  static async open(dir: string, options: StorageOptions): Promise<MallStore> {
    await mkdir(dir, { recursive: true });
    // Before anything is opened: a newer layout is refused, an older one backed up and migrated.
    const layoutCheck = await upgradeLayout(dir, options.layout);
    const { fsync } = options;
    // Every write under the folder passes its gate from here on (a backup closes it).
    gateFor(dir);
    // Audit lines found riding with changes (a crash came before they reached the audit log) are
    // collected while the files open and written to the audit log below (carried-audit.ts).
    collectCarried(dir);
    const layoutFile = await Partition.open<LayoutRecord | null>(join(dir, 'layout.json'), () => null, { fsync, schema: LayoutRecord.nullable() });
    if (!layoutFile.data) {
      layoutFile.data = { version: layoutCheck.version, shopperShards: options.shopperShards ?? 1024 };
      await layoutFile.commit();
    }
    const { shopperShards } = layoutFile.data;
    // The few names shoppers' records repeat (areas, bands, languages, interests, zones), one string each.
    const sharedNames = new Map<string, string>();
    const journal = await Journal.open(join(dir, 'journal'), { fsync, salvage: options.salvage ?? false, ...(options.warn ? { warn: options.warn } : {}) });
    const [mall, accounts, devices, shoppers, consents, visits, rewardVisits, storeVisits, integrations, audit] = await Promise.all([
      Partition.open<MallRecord | null>(join(dir, 'mall.json'), () => null, { fsync, schema: MallRecord.nullable() }),
      Partition.open<AccountsRecord>(join(dir, 'accounts.json'), () => ({ users: [], sessions: [] }), { fsync, schema: AccountsRecord }),
      Partition.open<DevicesRecord>(join(dir, 'devices.json'), () => ({ devices: [] }), { fsync, schema: DevicesRecord }),
      ShardedMap.open<ShopperRecord>(join(dir, 'shoppers'), {
        shardCount: shopperShards,
        fsync,
        resident: true,
        journal: { journal, name: 'shoppers' },
        schema: ShopperRecord,
        onOpen: (key, shopper) => shareShopperStrings(key, shopper, sharedNames),
      }),
      ShardedMap.open<ConsentEntryRecord[]>(join(dir, 'consents'), {
        shardCount: shopperShards,
        fsync,
        resident: false,
        journal: { journal, name: 'consents' },
        schema: z.array(ConsentEntryRecord),
      }),
      DailyLog.open<VisitRecord>(join(dir, 'visits'), { fsync, journal: { journal, name: 'visits' }, schema: VisitRecord }),
      DailyLog.open<RewardVisitRecord>(join(dir, 'reward-visits'), { fsync, journal: { journal, name: 'rewardVisits' }, schema: RewardVisitRecord }),
      BucketedRows.open<StoreVisitRecord>(join(dir, 'storevisits'), { fsync, schema: StoreVisitRecord, journal: { journal, name: 'storeVisits' } }),
      Partition.open<IntegrationsRecord>(join(dir, 'integrations.json'), () => ({ webhooks: [], deliveries: [] }), { fsync, schema: IntegrationsRecord }),
      DailyLog.open<AuditRecord>(join(dir, 'audit'), { fsync, schema: AuditRecord, carries: false }),
    ]);
    const [signage, proofOfPlay, redemptions] = await Promise.all([
      Partition.open<SignageRecord>(join(dir, 'signage.json'), () => ({ promotions: [], segments: [], screens: {} }), { fsync, schema: SignageRecord }),
      Partition.open<ProofOfPlayRecord>(join(dir, 'proof-of-play.json'), () => ({ lastSeq: {}, counts: {} }), { fsync, schema: ProofOfPlayRecord }),
      BucketedRows.open<RedemptionRecord>(join(dir, 'redemptions'), { fsync, schema: RedemptionRecord, journal: { journal, name: 'redemptions' } }),
    ]);
    // Opened before the replay: its changes are journaled (stream `rewards`).
    const rewards = new JournaledFile<RewardsFileRecord, RewardsChange>(
      await Partition.open<RewardsFileRecord>(join(dir, 'rewards.json'), emptyRewardsFile, { fsync, schema: RewardsFileRecord }),
      { journal, name: 'rewards' },
      { schema: RewardsChange, apply: applyRewardsChange },
    );
    const feedback = new JournaledFile<FeedbackFileRecord, FeedbackChange>(
      await Partition.open<FeedbackFileRecord>(join(dir, 'feedback.json'), emptyFeedbackFile, { fsync, schema: FeedbackFileRecord }),
      { journal, name: 'feedback' },
      { schema: FeedbackChange, apply: applyFeedbackChange },
    );
    // Whatever was acknowledged but not yet in its own file when the hub last stopped.
    await journal.replay();
    await foundCarried(journal.dir, journal.carried, journal);
    // Lines found now and in files opened later (rewards.json, …) go to the audit log, once each.
    await makeGoodCarried(dir, async (lines) => {
      for (const line of lines) await audit.append(line);
    });
    journal.startCheckpoints(options.checkpointMs ?? 30_000, options.checkpointBytes ?? 8 * 1024 * 1024);
    return new MallStore(dir, journal, mall, accounts, devices, shoppers, consents, visits, storeVisits, integrations, audit, signage, proofOfPlay, redemptions, rewardVisits, rewards, feedback);
  }

  /** Waits until everything changed so far is in its own file (journaled changes included). */
  async flush(): Promise<void> {
    await this.journal.checkpoint();
    await Promise.all([
      this.mall.flush(),
      this.accounts.flush(),
      this.devices.flush(),
      this.shoppers.flush(),
      this.consents.flush(),
      this.visits.flush(),
      this.storeVisits.flush(),
      this.integrations.flush(),
      this.audit.flush(),
      this.signage.flush(),
      this.proofOfPlay.flush(),
      this.redemptions.flush(),
      this.rewardVisits.flush(),
      this.rewards.file.flush(),
      this.feedback.file.flush(),
    ]);
  }

  /** Flushes everything and stops the journal's checkpoints; the store is not used after. */
  async close(): Promise<void> {
    await this.flush();
    await this.journal.close();
    forgetGate(this.dir);
    forgetCarried(this.dir);
  }
}
