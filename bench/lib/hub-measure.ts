/**
 * One load run against the real hub: check-ins at a steady rate through paired kiosk sockets, with
 * screen sockets spread over client processes, and what each check-in cost until the last screen
 * that needs its change has it. Optionally the floor in the same run: a bare Socket.io server
 * (bench/processes/floor-server.ts) with the same number of sockets from the same kind of client
 * processes, the same payload and tick, and a bare journal append + fdatasync per check-in.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchPan } from './cards.ts';
import { receiptKey } from './events.ts';
import { FloorProcess } from './floor-process.ts';
import { spawnHub } from './hub-process.ts';
import { KioskLoad, type CheckinSample } from './kiosk-load.ts';
import type { BenchContext } from './measurement.ts';
import type { ProvisionedDevice } from './provision.ts';
import { Random } from './random.ts';
import type { Receipt } from '../processes/screens.ts';
import { ScreenFleet } from './screens-client.ts';
import { summarise, type Summary } from './stats.ts';
import { withScreens } from './more-screens.ts';
import { machineBusy } from './cpu.ts';

export const RATE = 100;

export interface LoadOptions {
  screens: number;
  /** Client processes the screen sockets are spread over. */
  processes: number;
  rounds: number;
  seconds: number;
  env?: Record<string, string>;
  /** Measure the bare Socket.io floor too: one round before the hub's and one after. */
  floor?: { tickMs: number; seconds: number };
  /** Extra node flags for the hub (e.g. --cpu-prof). */
  nodeArgs?: string[];
}

export interface FloorResult {
  acks: number[];
  delivery: number[];
  cpuPerCheckin: number;
  incomplete: number;
}

export interface LoadResult {
  acks: number[];
  /** Check-in sent → the last screen that needs its change has it. */
  fanout: number[];
  /** Check-in acked → the hub sends the update that carries it: the count tick's wait. */
  tickWait: number[];
  /** Per tick: hub send → the last screen sent anything in that tick has it. */
  delivery: number[];
  /** Screen messages received per tick (all scopes), and ticks seen. */
  screenMessages: number;
  /** Every message the screens received during the rounds, by event (playlists and lines included). */
  events: Record<string, number>;
  ticks: number;
  roundStats: unknown[];
  errors: number;
  incomplete: number;
  /** Check-ins whose change no screen needed (the shopper was already counted, or is not counted). */
  unneeded: number;
  total: number;
  cpuPerCheckin: number;
  /** The screen client processes' CPU per check-in, ms (they share the machine's cores with the hub). */
  clientsCpuPerCheckin?: number;
  /** Share of all the machine's cores' time not idle during the load rounds (0–1; cpu.ts machineBusy). */
  machineBusy?: number;
  rssAfter: number;
  floor?: FloorResult;
}

export interface Scoped {
  screenCount: number;
  zoneSize: Map<string, number>;
}

/**
 * For one check-in, the receipt of the first tick after its ack for the screens that needed it: the
 * mall-wide update if screens were sent one (every screen needs it), else its zone's own update.
 * Null: no screen was sent anything for its zone in that tick (its change altered no count shown).
 */
export function neededReceipt(s: CheckinSample, receipts: Map<string, Receipt>, scoped: Scoped): { receipt: Receipt; expected: number } | null {
  if (!s.updateKey) return null;
  const mall = receipts.get(receiptKey(s.updateKey, 'mall'));
  if (mall) return { receipt: mall, expected: scoped.screenCount };
  const zone = receipts.get(receiptKey(s.updateKey, s.zoneId));
  if (zone) return { receipt: zone, expected: scoped.zoneSize.get(s.zoneId) ?? 0 };
  return null;
}

/** Per tick (one `at`): the last arrival over every scope, if every screen sent something has it. */
export function tickDeliveries(receipts: Map<string, Receipt>, scoped: Scoped): { delivery: number[]; messages: number; ticks: number } {
  const byTick = new Map<string, { last: number; complete: boolean }>();
  let messages = 0;
  for (const r of receipts.values()) {
    const [at, scope] = r.key.split('|');
    const expected = scope === 'mall' ? scoped.screenCount : (scoped.zoneSize.get(scope) ?? 0);
    messages += r.count;
    const t = byTick.get(at) ?? { last: 0, complete: true };
    t.last = Math.max(t.last, r.last);
    t.complete &&= r.count >= expected;
    byTick.set(at, t);
  }
  const delivery = [...byTick].filter(([, t]) => t.complete).map(([at, t]) => t.last - Date.parse(at));
  return { delivery, messages, ticks: byTick.size };
}

async function measureFloor(floor: FloorProcess, fleet: ScreenFleet, kiosks: readonly ProvisionedDevice[], opts: NonNullable<LoadOptions['floor']>, zones: string[], k: number, card: () => string, screenCount: number, into: FloorResult): Promise<void> {
  const load = new KioskLoad(floor.url, kiosks);
  try {
    await load.connect();
    await fleet.collect();
    const cpuBefore = floor.cpuMs();
    await floor.tick(opts.tickMs, k, zones);
    const samples = await load.run(RATE, opts.seconds, card);
    floor.untick();
    const cpu = floor.cpuMs() - cpuBefore;
    await new Promise((r) => setTimeout(r, 300));
    for (const s of samples) if (s.ok && s.acked !== null) into.acks.push(s.acked - s.sent);
    for (const r of (await fleet.collect()).values()) {
      if (r.count >= screenCount) into.delivery.push(r.last - Date.parse(r.key.split('|')[0]));
      else into.incomplete++;
    }
    into.cpuPerCheckin = (into.cpuPerCheckin + cpu / samples.length) / (into.cpuPerCheckin ? 2 : 1);
  } finally {
    load.close();
  }
}

export async function measureLoad({ dataset, log, copyData }: BenchContext, opts: LoadOptions): Promise<LoadResult> {
  const dataRoot = await copyData();
  const screenDevices = await withScreens(dataRoot, dataset, opts.screens);
  const screenCount = screenDevices.length;
  const zones = [...new Set(screenDevices.map((d) => d.zoneId))];
  const scoped: Scoped = { screenCount, zoneSize: new Map(zones.map((z) => [z, screenDevices.filter((d) => d.zoneId === z).length])) };
  const specs = screenDevices.map((d) => ({ token: d.token, zoneId: d.zoneId }));
  const hub = await spawnHub(dataRoot, opts.env ?? {}, undefined, opts.nodeArgs);
  const floorDir = opts.floor ? await mkdtemp(join(tmpdir(), 'atrium-floor-')) : null;
  let floor: FloorProcess | undefined;
  let floorFleet: ScreenFleet | undefined;
  let fleet: ScreenFleet | undefined;
  const load = new KioskLoad(hub.url, dataset.kioskDevices);
  const random = new Random(dataset.seed + 7);
  const card = () => benchPan(random.int(dataset.shoppers));
  const k = Number(opts.env?.ATRIUM_K ?? 5);
  try {
    const started = await ScreenFleet.start(hub.url, specs, opts.processes);
    fleet = started.fleet;
    if (started.connected !== screenCount) throw new Error(`only ${started.connected} of ${screenCount} screens connected`);
    if (opts.floor && floorDir) {
      floor = await FloorProcess.start(floorDir);
      const f = await ScreenFleet.start(floor.url, specs, opts.processes);
      floorFleet = f.fleet;
      if (f.connected !== screenCount) throw new Error(`only ${f.connected} of ${screenCount} sockets connected to the floor`);
    }
    await load.connect();
    log(`  ${screenCount} screens over ${opts.processes} client processes and ${dataset.kioskDevices.length} kiosks connected${opts.env && Object.keys(opts.env).length ? ` (${JSON.stringify(opts.env)})` : ''}${floor ? '; the floor too' : ''}; warming up`);
    await load.run(50, 2, card);
    await fleet.collect();

    const result: LoadResult = { acks: [], fanout: [], tickWait: [], delivery: [], screenMessages: 0, events: {}, ticks: 0, roundStats: [], errors: 0, incomplete: 0, unneeded: 0, total: opts.rounds * opts.seconds * RATE, cpuPerCheckin: 0, rssAfter: 0 };
    if (floor && floorFleet && opts.floor) {
      result.floor = { acks: [], delivery: [], cpuPerCheckin: 0, incomplete: 0 };
      await measureFloor(floor, floorFleet, dataset.kioskDevices, opts.floor, zones, k, card, screenCount, result.floor);
      const a = summarise(result.floor.acks);
      const d = summarise(result.floor.delivery);
      log(`  floor (before): ack p50 ${a.p50} p99 ${a.p99} ms; send→last socket p50 ${d.p50} p99 ${d.p99} ms`);
    }
    let cpuMs = 0;
    let clientsMs = 0;
    const busy: number[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      const cpuBefore = hub.cpuMs();
      const clientsBefore = fleet.cpuMs();
      const machine = machineBusy();
      const samples: CheckinSample[] = await load.run(RATE, opts.seconds, card);
      cpuMs += hub.cpuMs() - cpuBefore;
      clientsMs += fleet.cpuMs() - clientsBefore;
      busy.push(machine.since().busy);
      const receipts = await fleet.collect();
      const roundAcks: number[] = [];
      const roundFan: number[] = [];
      for (const s of samples) {
        if (!s.ok || s.acked === null) {
          result.errors++;
          continue;
        }
        roundAcks.push(s.acked - s.sent);
        const needed = neededReceipt(s, receipts, scoped);
        if (!needed) {
          result.unneeded++;
          continue;
        }
        if (needed.receipt.count < needed.expected) {
          result.incomplete++;
          continue;
        }
        roundFan.push(needed.receipt.last - s.sent);
        result.tickWait.push(Date.parse(s.updateKey!) - s.acked);
      }
      for (const [e, n] of Object.entries(fleet.events)) result.events[e] = (result.events[e] ?? 0) + n;
      const ticks = tickDeliveries(receipts, scoped);
      result.delivery.push(...ticks.delivery);
      result.screenMessages += ticks.messages;
      result.ticks += ticks.ticks;
      result.acks.push(...roundAcks);
      result.fanout.push(...roundFan);
      const a = summarise(roundAcks);
      const f = summarise(roundFan);
      result.roundStats.push({ round: r + 1, checkins: samples.length, ack: a, fanout: f, ticks: ticks.ticks, screenMessages: ticks.messages });
      log(`  round ${r + 1}: ${samples.length} check-ins, ack p50 ${a.p50} p99 ${a.p99} ms; check-in→last screen p50 ${f.p50} p99 ${f.p99} ms; ${ticks.ticks} ticks, ${ticks.messages} count messages; all screen messages ${JSON.stringify(fleet.events)}`);
    }
    result.rssAfter = hub.rssBytes();
    result.cpuPerCheckin = cpuMs / result.total;
    result.clientsCpuPerCheckin = clientsMs / result.total;
    result.machineBusy = busy.reduce((a, b) => a + b, 0) / busy.length;
    if (floor && floorFleet && opts.floor && result.floor) {
      await measureFloor(floor, floorFleet, dataset.kioskDevices, opts.floor, zones, k, card, screenCount, result.floor);
      const a = summarise(result.floor.acks);
      const d = summarise(result.floor.delivery);
      log(`  floor (both rounds): ack p50 ${a.p50} p99 ${a.p99} ms; send→last socket p50 ${d.p50} p99 ${d.p99} ms`);
    }
    return result;
  } finally {
    load.close();
    await fleet?.stop();
    await floorFleet?.stop();
    await floor?.stop();
    await hub.stop();
    if (floorDir) await rm(floorDir, { recursive: true, force: true });
  }
}

export const ratio = (hub: Summary, floor: Summary) => (floor.p99 > 0 ? Math.round((hub.p99 / floor.p99) * 100) / 100 : NaN);

/**
 * What the load modules (hub-load.ts, hub-load-2000.ts) read off one run: the summaries of its
 * samples, how many check-ins needed a push (matched or not), and the hub's share of one core at RATE.
 */
export function loadFigures(r: LoadResult) {
  return {
    ack: summarise(r.acks),
    fan: summarise(r.fanout),
    del: summarise(r.delivery),
    wait: summarise(r.tickWait),
    needed: r.fanout.length + r.incomplete,
    coreShare: ((r.cpuPerCheckin * RATE) / 10).toFixed(0),
  };
}
