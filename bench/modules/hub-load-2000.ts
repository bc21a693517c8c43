/**
 * Four times the screens on one hub process: 2,000 screen sockets over two client processes, 100
 * check-ins/s over the full dataset, and the floor measured in the same run — a bare Socket.io
 * server in its own process with the same sockets, payload and tick, and a bare journal append +
 * fdatasync per check-in. The hub's figures are printed beside the floor's and as ratios to them.
 */
import { loadFigures, measureLoad, RATE, ratio } from '../lib/hub-measure.ts';
import { hubOverrides } from '../lib/hub-process.ts';
import type { BenchModule, Row } from '../lib/measurement.ts';
import { summarise } from '../lib/stats.ts';

const TICK_MS = 50;

export const hubLoad2000: BenchModule = {
  name: 'screens2000: check-in load with 2,000 screens, against the floor',
  async run(ctx) {
    const { quick, dataset } = ctx;
    const screens = quick ? 400 : 2000;
    // BENCH_ROUNDS / BENCH_SECONDS: shorter runs while working on the hub (a partial run keeps no results).
    const rounds = Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 3));
    const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 5 : 30));
    const { env, nodeArgs } = hubOverrides();
    const withFloor = process.env.BENCH_FLOOR !== '0';
    const r = await measureLoad(ctx, { screens, processes: 2, rounds, seconds, env, nodeArgs, ...(withFloor ? { floor: { tickMs: TICK_MS, seconds: quick ? 5 : 15 } } : {}) });
    r.floor ??= { acks: [], delivery: [], cpuPerCheckin: NaN, incomplete: 0 };
    const { ack, fan, del, wait, needed, coreShare } = loadFigures(r);
    const floorAck = summarise(r.floor!.acks);
    const floorDel = summarise(r.floor!.delivery);
    const delRatio = ratio(del, floorDel);
    const ackRatio = ratio(ack, floorAck);
    return [
      {
        id: 'checkin-2000',
        what: `card tap → ack with ${screens} screens connected, at ${RATE}/s, ${dataset.shoppers.toLocaleString('en')} shoppers / ${dataset.visits.toLocaleString('en')} visits; floor: append + fdatasync of one journal line + loopback socket ack`,
        target: 'p99 ≤ 20 ms',
        measured: ack.p99,
        unit: 'ms',
        display: `p99 ${ack.p99} ms (p50 ${ack.p50}, p95 ${ack.p95}; ${ack.n} check-ins; ${r.errors} errors); floor p99 ${floorAck.p99} ms (p50 ${floorAck.p50}), ${ackRatio}× the floor; hub CPU ${r.cpuPerCheckin.toFixed(2)} ms per check-in`,
        pass: ack.p99 <= 20 && r.errors === 0,
        summary: ack,
        rounds: r.roundStats,
        note:
          `hub CPU ${r.cpuPerCheckin.toFixed(2)} ms per check-in (user+system, including the pushes to ${screens} screens; ${coreShare}% of one core at ${RATE}/s); ` +
          `the floor server's CPU ${r.floor!.cpuPerCheckin.toFixed(2)} ms per check-in (its broadcasts included); ` +
          `the screen clients' ${r.clientsCpuPerCheckin?.toFixed(2)} ms per check-in; the machine was busy ${Math.round((r.machineBusy ?? 0) * 100)}% of its cores during the hub's rounds; hub RSS after the load ${(r.rssAfter / 1048576).toFixed(0)} MB` +
          (Object.keys(env).length || nodeArgs.length ? `; hub run with ${JSON.stringify(env)} ${nodeArgs.join(' ')}` : ''),
      },
      {
        id: 'fanout-2000',
        what: `check-in → last of ${screens} screens that needs its change has it, ${RATE} check-ins/s; hub send → last screen against a bare Socket.io server's broadcast (same sockets, payload, ${TICK_MS} ms tick)`,
        target: 'p99 ≤ 100 ms; send → last ≤ 1.5× the floor',
        measured: fan.p99,
        unit: 'ms',
        display: `p99 ${fan.p99} ms (p50 ${fan.p50}, p95 ${fan.p95}; ${fan.n} check-ins); hub send → last screen p99 ${del.p99} ms (p50 ${del.p50}) vs floor p99 ${floorDel.p99} ms (p50 ${floorDel.p50}): ${delRatio}×`,
        pass: fan.p99 <= 100 && delRatio <= 1.5 && r.incomplete <= needed * 0.01,
        summary: fan,
        note:
          `the parts: ack p99 ${ack.p99} ms; ack → hub sends (the tick's wait) p50 ${wait.p50}, p99 ${wait.p99} ms; send → last screen p50 ${del.p50}, p99 ${del.p99} ms over ${del.n} ticks; ` +
          `${r.screenMessages} count messages in ${r.ticks} ticks (${r.ticks ? Math.round(r.screenMessages / r.ticks) : 0} per tick); every message the screens got, by event: ${JSON.stringify(r.events)} ` +
          `(${r.ticks ? Math.round(Object.values(r.events).reduce((a, b) => a + b, 0) / r.ticks) : 0} per tick); ${r.unneeded} check-ins changed no count a screen shows; ` +
          `${r.incomplete} without a complete push matched; floor: ${floorDel.n} broadcasts to ${screens} sockets (${r.floor!.incomplete} incomplete)`,
      },
    ] satisfies Row[];
  },
};
