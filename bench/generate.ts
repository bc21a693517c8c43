/**
 * Seeded benchmark data: a year of a busy mall (200,000 shoppers, 1,000,000 visits by default),
 * written through the hub's own storage layer into a data folder the real hub opens. The demo mall
 * is created the normal way (a hub started once on the empty folder); shoppers, consent ledgers,
 * visits and a provisioned fleet of kiosks and screens are bulk-loaded after.
 *
 * Cached by seed and size under bench/.cache/, so reruns are fast. Run on its own to (re)build and
 * print the sizes: `npx tsx bench/generate.ts [--quick] [--seed N] [--force]`.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CONSENT_PURPOSES, type ConsentPurpose } from '#shared/constants.ts';
import { CONSENT_TEXT_VERSION, consentText } from '#shared/consent-texts.ts';
import type { Language } from '#shared/schemas/shoppers.ts';
import { loadConfig, mallDir, secretFile } from '#server/config.ts';
import { localMoment, monthKey } from '#server/domain/mall/local-time.ts';
import { loadOrCreateSecret } from '#server/domain/enrolment/secrets.ts';
import { startHub } from '#server/hub.ts';
import { createLogger } from '#server/logger.ts';
import { MallStore } from '#server/storage/mall-store.ts';
import type { ConsentEntryRecord, ShopperRecord, StoreVisitRecord, VisitRecord } from '#server/storage/records.ts';
import { benchCardToken } from './lib/cards.ts';
import { provisionDevices, type ProvisionedDevice } from './lib/provision.ts';
import { Random, WeightedPicker } from './lib/random.ts';
import * as shape from './lib/shape.ts';
import { visitorPseudonym } from '#server/domain/enrolment/pseudonym.ts';

/** Bump when the generated shape changes, so old caches are not reused. */
/** 5: shopper records keep their visitor pseudonym. */
const GENERATOR_VERSION = 5;
const DAY_MS = 86_400_000;
const RECENT_DAYS = 60;
const PRESENCE_MS = 120 * 60_000;

export interface DatasetOptions {
  seed: number;
  shoppers: number;
  visits: number;
  kiosks: number;
  screens: number;
}

export interface DatasetSizes {
  folderBytes: number;
  shopperShardFiles: number;
  shopperShardBytes: { one: number; mean: number; max: number };
  consentShardBytes: { mean: number };
  days: number;
  /** Whole days of visits (all of a day's segment files). */
  dayBytes: { mean: number; max: number };
  /** One visit file (a day's segment): what a checkpoint rewrites for a day's new check-ins. */
  visitFileBytes: { one: number; mean: number; max: number; files: number };
  visitsInBusiestDay: number;
}

export interface Dataset extends DatasetOptions {
  version: number;
  /** The folder to hand the hub as ATRIUM_DATA (holds demo/ and secrets/). */
  dataRoot: string;
  mall: string;
  /** The mall's time zone the shop rows were bucketed in; the hub must run with the same. */
  timezone: string;
  /** Till visits per shop (the rows its reports read), busiest first. */
  tillVisits: Record<string, number>;
  generatedAt: string;
  generateSeconds: number;
  kioskDevices: ProvisionedDevice[];
  screenDevices: ProvisionedDevice[];
  /** Shopper indexes (for benchPan) that consented to analytics: their check-ins move counts. */
  analyticsIndexes: number[];
  /** Analytics shoppers last seen over a day before generation: a check-in surely adds one to the count. */
  quietAnalyticsIndexes: number[];
  sizes: DatasetSizes;
}

export const FULL: DatasetOptions = { seed: 1, shoppers: 200_000, visits: 1_000_000, kiosks: 8, screens: 500 };
export const QUICK: DatasetOptions = { seed: 1, shoppers: 5_000, visits: 25_000, kiosks: 8, screens: 100 };

const CACHE = resolve(import.meta.dirname, '.cache');

const weighted = <K extends string>(table: Record<K, number>) => {
  const keys = Object.keys(table) as K[];
  const picker = new WeightedPicker(keys.map((k) => table[k]));
  return (r: Random) => keys[picker.pick(r)];
};

/** Returns the cached dataset for these options, generating it first if needed. */
export async function ensureDataset(options: DatasetOptions, log: (line: string) => void = console.log, force = false): Promise<Dataset> {
  const key = `v${GENERATOR_VERSION}-seed${options.seed}-${options.shoppers}s-${options.visits}v-${options.kiosks}k-${options.screens}sc`;
  const dir = join(CACHE, key);
  const manifestFile = join(dir, 'manifest.json');
  if (!force && existsSync(manifestFile)) {
    const cached = JSON.parse(await readFile(manifestFile, 'utf8')) as Dataset;
    // The data sits beside its manifest: a cache copied from another checkout must not read
    // (or be measured against) the folder it was generated in.
    cached.dataRoot = join(dir, 'data');
    if (cached.sizes.visitFileBytes) return cached;
    // Made before the size report changed: measure again, keep the data.
    cached.sizes = await measureSizes(join(cached.dataRoot, cached.mall));
    await writeFile(manifestFile, JSON.stringify(cached, null, 2));
    return cached;
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  log(`generating ${options.shoppers.toLocaleString('en')} shoppers and ${options.visits.toLocaleString('en')} visits (seed ${options.seed}) into ${dir}`);
  const started = performance.now();
  const dataset = await generate(options, join(dir, 'data'), log);
  dataset.generateSeconds = Math.round((performance.now() - started) / 100) / 10;
  await writeFile(manifestFile, JSON.stringify(dataset, null, 2));
  log(`generated in ${dataset.generateSeconds} s`);
  return dataset;
}

async function generate(options: DatasetOptions, dataRoot: string, log: (line: string) => void): Promise<Dataset> {
  const mall = 'demo';
  // 1. The demo mall, exactly as a first start makes it (zones, shops, interests, logins, secret).
  const config = loadConfig({}, { mall, dataRoot, host: '127.0.0.1', port: 0, demo: true, fsync: false, logLevel: 'silent' });
  const hub = await startHub(config, createLogger('silent'));
  const mallRecord = hub.services.mall.record;
  await hub.close();
  const secret = await loadOrCreateSecret(secretFile(config));

  const random = new Random(options.seed);
  const now = Date.now();
  const generatedAt = new Date(now).toISOString();
  const zones = mallRecord.zones.map((z) => z.id);
  const { records: kioskRecords, devices: kioskDevices } = provisionDevices('kiosk', options.kiosks, zones, generatedAt);
  const { records: screenRecords, devices: screenDevices } = provisionDevices('screen', options.screens, zones, generatedAt);
  const kiosksByZone = new Map(zones.map((z) => [z, kioskDevices.filter((k) => k.zoneId === z).map((k) => k.id)]));

  // 2. When visits happen: a weight per day of the past year and per hour of the day.
  const dayStarts: number[] = [];
  const dayWeights: number[] = [];
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  for (let d = 364; d >= 0; d--) {
    const start = today - d * DAY_MS;
    const date = new Date(start);
    dayStarts.push(start);
    dayWeights.push(shape.WEEKDAY_WEIGHT[date.getUTCDay()] * shape.MONTH_WEIGHT[date.getUTCMonth()]);
  }
  const dayPicker = new WeightedPicker(dayWeights);
  const hourPicker = new WeightedPicker(shape.HOUR_WEIGHT);
  const visitTime = () => {
    for (;;) {
      const t = dayStarts[dayPicker.pick(random)] + hourPicker.pick(random) * 3_600_000 + random.int(3_600_000);
      if (t < now) return t;
    }
  };
  const zoneOf = weighted(shape.ZONE_WEIGHT);

  // 3. Who visits how often: everyone once (enrolment is a visit), the rest by a long-tailed weight.
  const visitsPer = new Uint32Array(options.shoppers).fill(1);
  const picker = new WeightedPicker(Array.from({ length: options.shoppers }, () => Math.min(random.pareto(1.3), 400)));
  for (let v = options.shoppers; v < options.visits; v++) visitsPer[picker.pick(random)]++;

  // 4. Shoppers, their consent ledgers and their visits.
  const language = weighted(shape.LANGUAGE_WEIGHT);
  const ageBand = weighted(shape.AGE_WEIGHT);
  const area = weighted(shape.AREA_WEIGHT);
  const interestIds = mallRecord.interests.map((i) => i.id);
  const textHash = new Map<string, string>();
  const hashOf = (lang: Language, purpose: ConsentPurpose) => {
    const k = `${lang}:${purpose}`;
    let h = textHash.get(k);
    if (!h) textHash.set(k, (h = createHash('sha256').update(consentText(lang, purpose).text).digest('hex')));
    return h;
  };
  const store = await MallStore.open(mallDir(config), { fsync: false });
  const tenantOf = weighted(shape.TENANT_WEIGHT);
  const tenantZone = new Map(mallRecord.tenants.map((t) => [t.id, t.zoneId]));
  const tillVisits: Record<string, number> = {};
  const storeRows = new Map<string, StoreVisitRecord[]>();
  const shoppers: [string, ShopperRecord][] = [];
  const ledgers: [string, ConsentEntryRecord[]][] = [];
  const visits: VisitRecord[] = [];
  const analyticsIndexes: number[] = [];
  const quietAnalyticsIndexes: number[] = [];
  const horizon = now - RECENT_DAYS * DAY_MS;
  for (let i = 0; i < options.shoppers; i++) {
    const times = Array.from({ length: visitsPer[i] }, visitTime).sort((a, b) => a - b);
    const createdAt = new Date(times[0]).toISOString();
    const lang = language(random) as Language;
    const consent = {
      analytics: random.chance(shape.CONSENT_RATE.analytics),
      marketing_email: random.chance(shape.CONSENT_RATE.marketing_email),
      marketing_sms: random.chance(shape.CONSENT_RATE.marketing_sms),
    };
    if (consent.analytics) analyticsIndexes.push(i);
    if (consent.analytics && times[times.length - 1] < now - DAY_MS && quietAnalyticsIndexes.length < 2000) quietAnalyticsIndexes.push(i);
    const firstName = random.chance(0.6) ? random.pick(shape.FIRST_NAMES) : undefined;
    const interests = interestIds.filter(() => random.chance(0.2));
    const id = random.passId();
    const homeZone = zoneOf(random);
    const shopper: ShopperRecord = {
      id,
      cardTokens: [benchCardToken(i, secret)],
      language: lang,
      ...(firstName ? { firstName } : {}),
      ...(consent.marketing_email ? { email: `shopper${i}@example.com` } : {}),
      ...(consent.marketing_sms ? { phone: `+4477009${String(i).padStart(5, '0')}` } : {}),
      ...(interests.length ? { interests } : {}),
      ...(random.chance(0.75) ? { ageBand: ageBand(random) } : {}),
      ...(random.chance(0.7) ? { homeArea: area(random) } : {}),
      consent: { membership: true, ...consent },
      createdAt,
      visitCount: times.length,
      firstVisitAt: createdAt,
      lastVisitAt: new Date(times[times.length - 1]).toISOString(),
      recentVisits: times.filter((t) => t >= horizon),
      visitor: visitorPseudonym(secret, id),
    };
    shoppers.push([id, shopper]);
    const channel = `kiosk:${kiosksByZone.get(homeZone)![0]}`;
    ledgers.push([
      id,
      CONSENT_PURPOSES.map((purpose) => ({
        id: random.uuid(),
        purpose,
        granted: purpose === 'membership' ? true : consent[purpose],
        textVersion: CONSENT_TEXT_VERSION,
        textHash: hashOf(consentText(lang, purpose).language, purpose),
        language: consentText(lang, purpose).language,
        channel,
        at: createdAt,
      })),
    ]);
    let previous: { t: number; zoneId: string } | null = null;
    for (const t of times) {
      const at = new Date(t).toISOString();
      if (random.chance(shape.TILL_SHARE)) {
        // A pass scanned at a shop's till: a visit to that shop, and a row in its report index.
        const tenant = tenantOf(random);
        const zoneId = tenantZone.get(tenant)!;
        visits.push({ id: random.uuid(), at, shopperId: id, zoneId, touchpoint: `till:${tenant}` });
        tillVisits[tenant] = (tillVisits[tenant] ?? 0) + 1;
        if (consent.analytics) {
          const { day, minute } = localMoment(new Date(t), config.timezone);
          const priorZone = previous && t - previous.t < PRESENCE_MS ? previous.zoneId : null;
          const bucket = `${tenant}/${monthKey(day)}`;
          let rows = storeRows.get(bucket);
          if (!rows) storeRows.set(bucket, (rows = []));
          rows.push([day, minute, shopper.visitor!, priorZone]);
        }
        previous = { t, zoneId };
        continue;
      }
      // Most of a shopper's check-ins start in their usual zone.
      const zoneId = random.chance(0.7) ? homeZone : zoneOf(random);
      const touchpoints = kiosksByZone.get(zoneId)!;
      visits.push({ id: random.uuid(), at, shopperId: id, zoneId, touchpoint: random.pick(touchpoints) });
      previous = { t, zoneId };
    }
  }
  visits.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  log(`  made ${shoppers.length} shoppers, ${visits.length} visits; writing`);

  // 5. Through the real storage layer.

  store.devices.data.devices.push(...kioskRecords, ...screenRecords);
  await store.devices.commit();
  await store.consents.setMany(ledgers);
  await store.shoppers.setMany(shoppers);
  await store.visits.appendMany(visits);
  for (const [bucket, rows] of [...storeRows].sort(([a], [b]) => a.localeCompare(b))) {
    rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let i = 0; i < rows.length; i += 10_000) await store.storeVisits.append(bucket, ...rows.slice(i, i + 10_000));
  }
  await store.flush();

  return {
    ...options,
    version: GENERATOR_VERSION,
    dataRoot,
    mall,
    timezone: config.timezone,
    tillVisits: Object.fromEntries(Object.entries(tillVisits).sort(([, a], [, b]) => b - a)),
    generatedAt,
    generateSeconds: 0,
    kioskDevices,
    screenDevices,
    analyticsIndexes,
    quietAnalyticsIndexes,
    sizes: await measureSizes(mallDir(config)),
  };
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await folderBytes(path) : (await stat(path)).size;
  }
  return total;
}

async function fileSizes(dir: string): Promise<{ names: string[]; sizes: number[] }> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  const sizes = await Promise.all(names.map(async (n) => (await stat(join(dir, n))).size));
  return { names, sizes };
}

const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));

export async function measureSizes(mallFolder: string): Promise<DatasetSizes> {
  const shards = await fileSizes(join(mallFolder, 'shoppers'));
  const consents = await fileSizes(join(mallFolder, 'consents'));
  const files = await fileSizes(join(mallFolder, 'visits'));
  const perDay = new Map<string, { bytes: number; names: string[] }>();
  files.names.forEach((n, i) => {
    const day = n.slice(0, 10);
    const d = perDay.get(day) ?? { bytes: 0, names: [] };
    d.bytes += files.sizes[i];
    d.names.push(n);
    perDay.set(day, d);
  });
  const days = [...perDay.values()];
  const busiest = days.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  let busiestVisits = 0;
  for (const n of busiest.names) busiestVisits += (JSON.parse(await readFile(join(mallFolder, 'visits', n), 'utf8')) as unknown[]).length;
  return {
    folderBytes: await folderBytes(mallFolder),
    shopperShardFiles: shards.names.length,
    shopperShardBytes: { one: shards.sizes[0], mean: mean(shards.sizes), max: Math.max(...shards.sizes) },
    consentShardBytes: { mean: mean(consents.sizes) },
    days: days.length,
    dayBytes: { mean: mean(days.map((d) => d.bytes)), max: busiest.bytes },
    // The newest file: the segment today's check-ins are rewriting.
    visitFileBytes: { one: files.sizes[files.sizes.length - 1], mean: mean(files.sizes), max: Math.max(...files.sizes), files: files.names.length },
    visitsInBusiestDay: busiestVisits,
  };
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function describeSizes(s: DatasetSizes): string[] {
  return [
    `data folder ${mb(s.folderBytes)}`,
    `one shopper shard ${kb(s.shopperShardBytes.one)} (mean ${kb(s.shopperShardBytes.mean)}, max ${kb(s.shopperShardBytes.max)}, ${s.shopperShardFiles} shards); consent shard mean ${kb(s.consentShardBytes.mean)}`,
    `one visit file (a day's segment, ≤ 2,000 visits) ${kb(s.visitFileBytes.one)} (mean ${kb(s.visitFileBytes.mean)}, max ${kb(s.visitFileBytes.max)}, ${s.visitFileBytes.files} files)`,
    `one day of visits mean ${kb(s.dayBytes.mean)}, busiest ${kb(s.dayBytes.max)} (${s.visitsInBusiestDay} visits), ${s.days} days`,
    `a check-in is acknowledged once two journal lines (the visit, the shopper's summary) are synced; its shopper shard and visit file (about ${kb(s.shopperShardBytes.mean + s.visitFileBytes.mean)}) are rewritten at the next checkpoint`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bench/generate.ts')) {
  const args = process.argv.slice(2);
  const base = args.includes('--quick') ? QUICK : FULL;
  const seedAt = args.indexOf('--seed');
  const options = { ...base, ...(seedAt >= 0 ? { seed: Number(args[seedAt + 1]) } : {}) };
  const dataset = await ensureDataset(options, console.log, args.includes('--force'));
  console.log(`dataset: ${dataset.dataRoot}`);
  for (const line of describeSizes(dataset.sizes)) console.log(`  ${line}`);
}
