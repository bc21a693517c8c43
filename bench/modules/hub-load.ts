/**
 * Targets 1 and 2: check-ins at 100/s through paired kiosk sockets against the real hub holding
 * the full dataset, with 500 screen sockets connected in another process. One run yields both
 * figures, as the targets are stated for the same load.
 */
import { benchPan } from '../lib/cards.ts';
import { SCREEN_UPDATE_EVENT } from '../lib/events.ts';
import { spawnHub } from '../lib/hub-process.ts';
import { KioskLoad, type CheckinSample } from '../lib/kiosk-load.ts';
import type { BenchModule, Row } from '../lib/measurement.ts';
import { Random } from '../lib/random.ts';
import { ScreensProcess } from '../lib/screens-client.ts';
import { summarise } from '../lib/stats.ts';

const RATE = 100;

export const hubLoad: BenchModule = {
  name: 'check-in load and fan-out',
  async run({ quick, dataset, log, copyData }) {
    const rounds = quick ? 2 : 3;
    const seconds = quick ? 5 : 30;
    const screenCount = dataset.screenDevices.length;
    const hub = await spawnHub(await copyData());
    let screens: ScreensProcess | undefined;
    const load = new KioskLoad(hub.url, dataset.kioskDevices);
    try {
      const started = await ScreensProcess.start(hub.url, dataset.screenDevices.map((d) => d.token));
      screens = started.screens;
      if (started.connected !== screenCount) throw new Error(`only ${started.connected} of ${screenCount} screens connected`);
      await load.connect();
      const random = new Random(dataset.seed + 7);
      const card = () => benchPan(random.int(dataset.shoppers));
      log(`  ${screenCount} screens and ${dataset.kioskDevices.length} kiosks connected; warming up`);
      await load.run(50, 2, card);
      await screens.collect();

      const acks: number[] = [];
      const fanout: number[] = [];
      const delivery: number[] = [];
      const roundStats: unknown[] = [];
      let errors = 0;
      const cpuBefore = hub.cpuMs();
      let incomplete = 0;
      for (let r = 0; r < rounds; r++) {
        const samples: CheckinSample[] = await load.run(RATE, seconds, card);
        const receipts = await screens.collect();
        const roundAcks: number[] = [];
        const roundFan: number[] = [];
        for (const s of samples) {
          if (!s.ok || s.acked === null) {
            errors++;
            continue;
          }
          roundAcks.push(s.acked - s.sent);
          const receipt = s.updateKey ? receipts.get(s.updateKey) : undefined;
          if (!receipt || receipt.count < screenCount) {
            incomplete++;
            continue;
          }
          roundFan.push(receipt.last - s.sent);
        }
        for (const rc of receipts.values()) if (rc.count === screenCount) delivery.push(rc.last - Date.parse(rc.key));
        acks.push(...roundAcks);
        fanout.push(...roundFan);
        const a = summarise(roundAcks);
        const f = summarise(roundFan);
        roundStats.push({ round: r + 1, checkins: samples.length, ack: a, fanout: f, broadcasts: receipts.size });
        log(`  round ${r + 1}: ${samples.length} check-ins, ack p50 ${a.p50} p99 ${a.p99} ms; check-in→last screen p50 ${f.p50} p99 ${f.p99} ms; ${receipts.size} broadcasts`);
      }
      const rssAfter = hub.rssBytes();
      const cpuPerCheckin = (hub.cpuMs() - cpuBefore) / (rounds * seconds * RATE);
      const ack = summarise(acks);
      const fan = summarise(fanout);
      const del = summarise(delivery);
      const total = rounds * seconds * RATE;
      return [
        {
          id: 'checkin',
          what: `card tap → ack, hub side, at ${RATE}/s, ${dataset.shoppers.toLocaleString('en')} shoppers / ${dataset.visits.toLocaleString('en')} visits`,
          target: 'p99 ≤ 20 ms',
          measured: ack.p99,
          unit: 'ms',
          display: `p99 ${ack.p99} ms (p50 ${ack.p50}, p95 ${ack.p95}; ${ack.n} check-ins in ${rounds}×${seconds} s; ${errors} errors)`,
          pass: ack.p99 <= 20 && errors === 0,
          summary: ack,
          rounds: roundStats,
          note:
            `hub CPU ${cpuPerCheckin.toFixed(2)} ms per check-in (user+system, including the ${screenCount}-screen broadcasts; ` +
            `${((cpuPerCheckin * RATE) / 10).toFixed(0)}% of one core at ${RATE}/s); hub RSS after the load ${(rssAfter / 1048576).toFixed(0)} MB`,
        },
        {
          id: 'fanout',
          what: `check-in → last of ${screenCount} screens has its '${SCREEN_UPDATE_EVENT}', during ${RATE} check-ins/s`,
          target: 'p99 ≤ 100 ms',
          measured: fan.p99,
          unit: 'ms',
          display: `p99 ${fan.p99} ms (p50 ${fan.p50}, p95 ${fan.p95}; ${fan.n} check-ins; hub send → last screen p99 ${del.p99} ms)`,
          pass: fan.p99 <= 100 && incomplete <= total * 0.01,
          summary: fan,
          note:
            `includes the hub's count tick (ATRIUM_COUNT_TICK_MS, default 150 ms) that gathers check-ins into one broadcast; ` +
            `send → last screen (the broadcast alone) p50 ${del.p50}, p99 ${del.p99} ms over ${del.n} broadcasts; ` +
            `${incomplete} check-ins without a complete broadcast matched`,
        },
      ] satisfies Row[];
    } finally {
      load.close();
      await screens?.stop();
      await hub.stop();
    }
  },
};
