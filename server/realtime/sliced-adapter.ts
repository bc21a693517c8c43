import { Adapter, type BroadcastOptions } from 'socket.io-adapter';
import type { Namespace, Socket } from 'socket.io';

interface Job {
  packet: unknown;
  encoded: unknown;
  packetOpts: { preEncoded: true; volatile?: boolean; compress?: boolean };
  sockets: Socket[];
  next: number;
}

/** What the in-memory adapter does for one socket of a broadcast (socket.io-adapter 2.5, in-memory-adapter.js). */
function writeTo(socket: Socket, job: Job): void {
  const s = socket as unknown as { notifyOutgoingListeners?: (p: unknown) => void; client: { writeToEngine(e: unknown, o: unknown): void } };
  s.notifyOutgoingListeners?.(job.packet);
  s.client.writeToEngine(job.encoded, job.packetOpts);
}

/**
 * The single-process hub's Socket.io adapter: a broadcast to many sockets is written a slice at a
 * time (`perTurn` sockets per turn of the event loop, counted over every broadcast made in that
 * turn; the rest on later turns, `setImmediate`), so a check-in's acknowledgement — its journal
 * sync done — is sent between slices instead of after the whole fan-out. That is the "work on the ack path that can wait" of the scale issue (#20): a
 * screen's count may arrive a few ms later, a kiosk's answer may not.
 *
 * Order is kept: every broadcast goes through one queue, so a socket gets broadcasts in the order
 * they were made; which sockets a broadcast reaches is fixed when it is made (as before). A
 * broadcast that fits in what is left of the turn's budget, with nothing queued, is written at
 * once, as the in-memory adapter does. Replies and `socket.emit` to one socket are not queued.
 * `disconnectSockets` first writes everything queued, so "device:revoked" still reaches a device
 * before its socket closes.
 *
 * A cluster (Redis adapter) does not use this: the writer's fan-out goes through Redis.
 */
export function slicedAdapter(perTurn: number): typeof Adapter {
  return class SlicedAdapter extends Adapter {
    readonly #queue: Job[] = [];
    /** Sockets written in this turn of the event loop, by every broadcast made in it. */
    #used = 0;
    #scheduled = false;

    constructor(nsp: Namespace) {
      super(nsp);
    }

    override broadcast(packet: any, opts: BroadcastOptions): void {
      const flags = opts.flags ?? {};
      const packetOpts = { preEncoded: true as const, volatile: flags.volatile, compress: flags.compress };
      packet.nsp = this.nsp.name;
      // The in-memory adapter's own encode-once and room walk (private in its types, not in its code).
      const inner = this as unknown as { _encode(p: unknown, o: unknown): unknown; apply(o: BroadcastOptions, f: (s: Socket) => void): void };
      const encoded = inner._encode(packet, packetOpts);
      const sockets: Socket[] = [];
      inner.apply(opts, (socket) => sockets.push(socket));
      if (!sockets.length) return;
      this.#queue.push({ packet, encoded, packetOpts, sockets, next: 0 });
      this.#write();
    }

    override disconnectSockets(opts: BroadcastOptions, close: boolean): void {
      this.#writeAll();
      super.disconnectSockets(opts, close);
    }

    /**
     * Writes from the queue's head while this turn's budget lasts. A count tick makes one broadcast
     * per zone: the budget is shared by them all, so 8 zones of 250 screens are 8 turns, not one.
     */
    #write(): void {
      while (this.#used < perTurn && this.#queue.length) {
        const job = this.#queue[0];
        const end = Math.min(job.sockets.length, job.next + perTurn - this.#used);
        for (let i = job.next; i < end; i++) writeTo(job.sockets[i], job);
        this.#used += end - job.next;
        job.next = end;
        if (job.next === job.sockets.length) this.#queue.shift();
      }
      // The next turn starts a fresh budget (and writes what waits, if anything does).
      if (this.#used > 0 && !this.#scheduled) {
        this.#scheduled = true;
        setImmediate(this.#nextTurn);
      }
    }

    #nextTurn = (): void => {
      this.#scheduled = false;
      this.#used = 0;
      this.#write();
    };

    #writeAll(): void {
      while (this.#queue.length) {
        const job = this.#queue.shift()!;
        for (let i = job.next; i < job.sockets.length; i++) writeTo(job.sockets[i], job);
      }
    }
  };
}
