import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { createConnection } from 'node:net';
import type { Transmit } from './card-read.ts';
import { why, type Log } from './log.ts';

/** The parts of @pokusew/pcsclite the bridge uses (typed here so the hub's type check needs no native package). */
interface CardReader extends EventEmitter {
  name: string;
  SCARD_STATE_PRESENT: number;
  SCARD_STATE_MUTE: number;
  SCARD_SHARE_SHARED: number;
  SCARD_LEAVE_CARD: number;
  connect(options: { share_mode: number }, cb: (err: unknown, protocol: number) => void): void;
  disconnect(disposition: number, cb: (err: unknown) => void): void;
  transmit(data: Buffer, resLen: number, protocol: number, cb: (err: unknown, response: Buffer) => void): void;
  close(): void;
}
interface PcscLite extends EventEmitter {
  close(): void;
}

/**
 * Loads the native PC/SC binding (kiosk/bridge/node_modules). Throws an Error saying how to
 * install it when it is missing or was built for another Node.
 */
export function loadPcsc(): () => PcscLite {
  try {
    return createRequire(import.meta.url)('@pokusew/pcsclite') as () => PcscLite;
  } catch (e) {
    throw new Error(`the PC/SC binding @pokusew/pcsclite is not installed or not built (run npm ci in kiosk/bridge with libpcsclite-dev installed): ${why(e)}`);
  }
}

/** Where pcscd listens: libpcsclite's own rule (PCSCLITE_CSOCK_NAME, else Debian's path). */
export const pcscdSocket = (): string => process.env.PCSCLITE_CSOCK_NAME || '/run/pcscd/pcscd.comm';

/** Whether pcscd answers on its socket now (a connect, closed at once). */
export function pcscdListening(path = pcscdSocket()): Promise<boolean> {
  return new Promise((resolve) => {
    const c = createConnection({ path });
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

export interface WatchOptions {
  /** Whether to read cards on the reader of this name. */
  wants(reader: string): boolean;
  /**
   * A card was put on a reader: called once per presentation (a card left resting on the reader is
   * not read again until it was taken away). `transmit` talks to that card; it rejects once the
   * card or the reader is gone.
   */
  presented(reader: string, transmit: Transmit): Promise<void>;
  log: Log;
  /** Wait before asking PC/SC again after pcscd went away or was not running (ms). */
  retryMs?: number;
}

export interface ReaderWatch {
  /** The readers being watched now. */
  readers(): string[];
  stop(): void;
}

/** Longest answer to expect: 256 data bytes and SW1 SW2, with room for extended readers. */
const MAX_ANSWER = 4096;

/**
 * Watches every PC/SC reader pcscd offers: readers plugged in later are picked up, an unplugged
 * reader is let go, and when pcscd is not running or restarts the watch starts again by itself
 * every `retryMs`. Each reader reads each card presentation once.
 */
export function watchReaders(o: WatchOptions): ReaderWatch {
  const create = loadPcsc();
  const retryMs = o.retryMs ?? 2000;
  const watched = new Set<string>();
  let current: PcscLite | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let saidDown = false;

  const down = (reason: string) => {
    // Said once per outage, not every retry.
    if (!saidDown) o.log.warn(`PC/SC service not reachable (is pcscd running?): ${reason}; trying again every ${retryMs / 1000} s`);
    saidDown = true;
    watched.clear();
    timer = setTimeout(() => void start(), retryMs);
  };

  const start = async () => {
    timer = null;
    if (stopped) return;
    // The binding's constructor waits for pcscd in a busy loop on the main thread: it is only
    // called once pcscd answers on its socket, so a bridge started before pcscd stays responsive.
    if (!(await pcscdListening())) return down(`nothing listens on ${pcscdSocket()}`);
    if (stopped) return;
    const pcsc = create();
    current = pcsc;
    let failed = false;
    pcsc.on('reader', (reader: CardReader) => {
      saidDown = false;
      if (!o.wants(reader.name)) {
        o.log.info(`reader "${reader.name}" left alone (not in the config's readers)`);
        return;
      }
      watched.add(reader.name);
      o.log.info(`reader "${reader.name}" ready`);
      let present = false;
      reader.on('error', (e: unknown) => o.log.warn(`reader "${reader.name}": ${why(e)}`));
      reader.on('end', () => {
        watched.delete(reader.name);
        o.log.info(`reader "${reader.name}" gone`);
      });
      reader.on('status', (status: { state: number }) => {
        const now = (status.state & reader.SCARD_STATE_PRESENT) !== 0 && (status.state & reader.SCARD_STATE_MUTE) === 0;
        if (now === present) return;
        present = now;
        if (now) void read(reader);
        // The end of a presentation: the next card put here is read again.
        else o.log.info(`reader "${reader.name}": card taken away`);
      });
    });
    pcsc.on('error', (e: unknown) => {
      if (failed || stopped) return;
      failed = true;
      try {
        pcsc.close();
      } catch {
        /* already closed */
      }
      if (current === pcsc) current = null;
      down(why(e));
    });
  };

  const read = async (reader: CardReader) => {
    let protocol: number;
    try {
      protocol = await new Promise<number>((resolve, reject) => reader.connect({ share_mode: reader.SCARD_SHARE_SHARED }, (err, p) => (err ? reject(err) : resolve(p))));
    } catch (e) {
      // Gone before it could be reached: the read fails like a card pulled away.
      await o.presented(reader.name, () => Promise.reject(e));
      return;
    }
    const transmit: Transmit = (apdu) => new Promise((resolve, reject) => reader.transmit(apdu, MAX_ANSWER, protocol, (err, answer) => (err ? reject(err) : resolve(answer))));
    try {
      await o.presented(reader.name, transmit);
    } finally {
      await new Promise<void>((resolve) => reader.disconnect(reader.SCARD_LEAVE_CARD, () => resolve()));
    }
  };

  void start();
  return {
    readers: () => [...watched].sort(),
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      try {
        current?.close();
      } catch {
        /* already closed */
      }
      current = null;
    },
  };
}
