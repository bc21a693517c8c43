/**
 * Target: 100 reads of 20 cards resting on readers record 20 visits. Readers re-read a card left
 * on them every ~1.5 s; each read reaches the hub as a check-in, and only the first of each card
 * (its arrival) may count as a visit (DESIGN.md, Visit). Counted from the hub's own visit total
 * (`/api/health`, signed in as an operator), before and after, on a copy of the dataset.
 */
import { DEMO_OPERATOR } from '#server/demo/seed.ts';
import { benchPan } from '../lib/cards.ts';
import { spawnHub } from '../lib/hub-process.ts';
import { KioskLoad } from '../lib/kiosk-load.ts';
import type { BenchModule } from '../lib/measurement.ts';

const CARDS = 20;
const READS_PER_CARD = 5;

export const restingCards: BenchModule = {
  name: 'cards resting on readers',
  async run({ dataset, log, copyData }) {
    const hub = await spawnHub(await copyData());
    const load = new KioskLoad(hub.url, dataset.kioskDevices);
    try {
      await load.connect();
      // The health check gives its counts only to a signed-in operator.
      const login = await fetch(`${hub.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(DEMO_OPERATOR) });
      if (login.status !== 200) throw new Error(`operator login failed: ${login.status}`);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
      const visits = async () => ((await (await fetch(`${hub.url}/api/health`, { headers: { cookie } })).json()) as { counts: { visits: number } }).counts.visits;
      // Shoppers spread over the dataset; the generated visits end before the bench starts, so
      // none of them is in the mall when their card is laid on a reader.
      const cards = Array.from({ length: CARDS }, (_, i) => benchPan(Math.floor((i * dataset.shoppers) / CARDS)));
      const before = await visits();
      let failed = 0;
      // Each reader re-reads its card: round after round, every card read once per round.
      for (let round = 0; round < READS_PER_CARD; round++) {
        const samples = await Promise.all(cards.map((card, k) => load.tap(card, k)));
        failed += samples.filter((s) => !s.ok).length;
      }
      const recorded = (await visits()) - before;
      const reads = CARDS * READS_PER_CARD;
      log(`  ${reads} reads of ${CARDS} resting cards (${failed} refused): ${recorded} visits recorded`);
      return [
        {
          id: 'resting-cards',
          what: `visits recorded per ${reads} reads of ${CARDS} cards resting on readers`,
          target: `${CARDS}`,
          measured: recorded,
          unit: 'visits',
          display: `${recorded} visits from ${reads} reads${failed ? ` (${failed} reads refused)` : ''}`,
          pass: recorded === CARDS && failed === 0,
        },
      ];
    } finally {
      load.close();
      await hub.stop();
    }
  },
};
