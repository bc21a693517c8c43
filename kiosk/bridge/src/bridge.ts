import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CardReadError, readPresentedCard, type Transmit } from './card-read.ts';
import type { BridgeConfig } from './config.ts';
import type { HubAnswer, HubClient } from './hub-client.ts';
import type { Log } from './log.ts';
import { SealedQueue, type SealedRead } from './queue.ts';
import { canonicalCard, sealCard } from './shared.ts';

/**
 * What the bridge does with each card presentation: tell the kiosk's screen at once, read the
 * card, seal it to the hub's key, send it; keep it (sealed) when the hub is out of reach and offer
 * it again until the hub has it. The card value lives only in this function's memory: it is
 * never logged, never written, never sent unsealed.
 */
export class Bridge {
  readonly queue: SealedQueue;
  #spki: string | null = null;
  #replaying = false;
  #timer: ReturnType<typeof setInterval> | null = null;
  #tokenSaid = false;
  readonly #keyFile: string;

  constructor(
    private readonly config: BridgeConfig,
    private readonly hub: HubClient,
    private readonly log: Log,
  ) {
    this.queue = new SealedQueue(join(config.stateDir, 'queue'));
    this.#keyFile = join(config.stateDir, 'hub-key.spki');
  }

  /** Loads the hub's key (kept from the last contact, refreshed from the hub) and starts offering kept reads every `replaySeconds`. */
  async start(): Promise<void> {
    this.#spki = await readFile(this.#keyFile, 'utf8').then((s) => s.trim() || null, () => null);
    await this.#refreshKey();
    this.#timer = setInterval(() => void this.replay(), this.config.replaySeconds * 1000);
    void this.replay();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  async #refreshKey(): Promise<string | null> {
    const key = await this.hub.publicKey();
    if (!this.#answered(key, 'fetching the hub’s key')) return this.#spki;
    if (key.data.spki !== this.#spki) {
      await mkdir(this.config.stateDir, { recursive: true, mode: 0o700 });
      // Public: it may sit on disk. It lets a bridge that restarts with the hub away still seal.
      await writeFile(this.#keyFile, key.data.spki, { mode: 0o644 });
      this.#spki = key.data.spki;
    }
    return this.#spki;
  }

  /** Logs what a refusal means; true when the hub said yes. The token problem is said once until it is fixed. */
  #answered<T>(a: HubAnswer<T>, doing: string): a is { ok: true; data: T } {
    if (a.ok) {
      this.#tokenSaid = false;
      return true;
    }
    if (a.kind === 'token') {
      if (!this.#tokenSaid) this.log.warn(`the hub refused this kiosk’s token while ${doing} (${a.status} ${a.error}): put the kiosk’s token in ${this.config.tokenFile}`);
      this.#tokenSaid = true;
    }
    return false;
  }

  #notice(state: 'reading' | 'retry'): void {
    void this.hub.notice(state).then((a) => this.#answered(a, 'telling the kiosk’s screen'));
  }

  /** One card presented on `reader` (called once per presentation by the reader watch). */
  async presented(reader: string, transmit: Transmit): Promise<void> {
    // The shopper sees "One moment…" while the card is read, not after.
    this.#notice('reading');
    let value: string;
    let kind: string;
    try {
      const card = await readPresentedCard(transmit, { byteOrder: this.config.byteOrder });
      value = canonicalCard(card);
      kind = card.kind === 'pan' ? 'a bank card' : 'a card by its UID';
    } catch (e) {
      const reason = e instanceof CardReadError ? e.reason : `unexpected: ${e instanceof Error ? e.message : String(e)}`;
      this.log.warn(`reader "${reader}": card not read (${reason}); the kiosk asks for another tap`);
      this.#notice('retry');
      return;
    }
    const spki = this.#spki ?? (await this.#refreshKey());
    if (!spki) {
      this.log.warn(`reader "${reader}": read ${kind} but cannot send or keep it: the hub was never reached, so there is no key to seal it to`);
      this.#notice('retry');
      return;
    }
    const read: SealedRead = { visitId: randomUUID(), at: new Date().toISOString(), sealed: await sealCard(value, spki) };
    value = '';
    const sent = await this.hub.tap(read);
    if (sent.ok) {
      this.log.info(`reader "${reader}": read ${kind}; the hub has it (${sent.data.status})`);
      return;
    }
    if (sent.kind === 'refused') {
      this.log.warn(`reader "${reader}": read ${kind}; the hub refused it (${sent.status} ${sent.error}${sent.field ? `, field ${sent.field}` : ''})`);
      this.#notice('retry');
      return;
    }
    this.#answered(sent, 'sending a card');
    await this.queue.add(read);
    if (sent.kind === 'token') this.log.warn(`reader "${reader}": read ${kind}; kept sealed until the hub takes this kiosk’s token`);
    else this.log.warn(`reader "${reader}": read ${kind}; the hub is out of reach (${sent.error}), kept sealed to send later`);
  }

  /**
   * Offers the kept reads to the hub, oldest first, each with its own visit id and time: the hub
   * records each once, however often it is offered. Stops at the first that gets no answer.
   */
  async replay(): Promise<void> {
    if (this.#replaying) return;
    this.#replaying = true;
    try {
      const reads = await this.queue.all((file) => this.log.warn(`kept read ${file} was not whole; removed`));
      if (!reads.length) return;
      let sent = 0;
      for (const read of reads) {
        const a = await this.hub.tap({ ...read, kept: true });
        if (!a.ok && a.kind !== 'refused') {
          this.#answered(a, 'sending kept reads');
          break;
        }
        if (!a.ok) this.log.warn(`a kept read was refused by the hub (${a.status} ${a.error}); dropped`);
        await this.queue.remove(read.visitId);
        sent++;
      }
      if (sent) this.log.info(`sent ${sent} kept read(s) to the hub; ${reads.length - sent} still waiting`);
      if (sent && !this.#spki) await this.#refreshKey();
    } finally {
      this.#replaying = false;
    }
  }
}
