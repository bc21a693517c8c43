import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { slicedAdapter } from './sliced-adapter.ts';
import { startTestHub } from '#server/testing/test-hub.ts';

const PER_TURN = 50;
const CLIENTS = 130;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('broadcasts written a slice per turn of the event loop', () => {
  let io: Server;
  let clients: Socket[];
  let server: ServerSocket[];
  /** How many broadcast packets each server-side socket has written, in order. */
  const written = new Map<string, string[]>();

  beforeAll(async () => {
    const http = createServer();
    io = new Server(http, { adapter: slicedAdapter(PER_TURN) });
    server = [];
    io.on('connection', (s) => {
      s.join('all');
      written.set(s.id, []);
      s.onAnyOutgoing((event) => written.get(s.id)!.push(event));
      server.push(s);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    clients = await Promise.all(
      Array.from({ length: CLIENTS }, () => new Promise<Socket>((resolve, reject) => {
        const c = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
        c.once('connect', () => resolve(c));
        c.once('connect_error', reject);
      })),
    );
    while (server.length < CLIENTS) await new Promise((resolve) => setTimeout(resolve, 10));
  });
  afterAll(() => {
    for (const c of clients) c.close();
    io.close();
  });

  const total = () => [...written.values()].reduce((n, events) => n + events.length, 0);
  const clear = () => {
    for (const events of written.values()) events.length = 0;
  };

  it('writes the first slice at once and the rest on later turns, so other work (a sync, an ack) runs between', async () => {
    clear();
    io.to('all').emit('count', 1);
    expect(total()).toBe(PER_TURN);
    await turn();
    expect(total()).toBe(2 * PER_TURN);
    await turn();
    expect(total()).toBe(CLIENTS);
  });

  it('shares one budget per turn among the broadcasts made in it (a tick makes one per zone)', async () => {
    await turn();
    clear();
    const zones = [server.slice(0, 30), server.slice(30, 60), server.slice(60, 90)].map((part) => part.map((s) => s.id));
    for (const zone of zones) io.to(zone).emit('count', 3);
    expect(total()).toBe(PER_TURN);
    await turn();
    expect(total()).toBe(90);
  });

  it('keeps each socket\'s broadcasts in the order they were made, and every client gets each once', async () => {
    clear();
    const got = clients.map(() => [] as number[]);
    clients.forEach((c, i) => c.on('n', (n: number) => got[i].push(n)));
    for (let n = 0; n < 5; n++) io.to('all').emit('n', n);
    // A small broadcast made while the big ones are queued waits behind them.
    io.to(server[0].id).emit('n', 5);
    const first = clients.findIndex((c) => c.id === server[0].id);
    const expected = (i: number) => (i === first ? [0, 1, 2, 3, 4, 5] : [0, 1, 2, 3, 4]);
    await expect.poll(() => got.every((g, i) => g.length === expected(i).length)).toBe(true);
    got.forEach((g, i) => expect(g).toEqual(expected(i)));
    for (const c of clients) c.off('n');
  });

  it('a small broadcast with nothing queued is written at once', async () => {
    await turn();
    await turn();
    await turn();
    clear();
    io.to(server.slice(0, PER_TURN).map((s) => s.id)).emit('count', 2);
    expect(total()).toBe(PER_TURN);
  });

  it('disconnecting sockets first writes what is queued for them', async () => {
    const got: string[] = [];
    const last = clients.at(-1)!;
    last.on('bye', () => got.push('bye'));
    const closed = new Promise<string>((resolve) => last.once('disconnect', resolve));
    io.to('all').emit('filler', 0);
    io.to('all').emit('bye');
    io.in(last.id!).disconnectSockets(true);
    expect(await closed).toBe('io server disconnect');
    expect(got).toEqual(['bye']);
  });
});

describe('the single-process hub', () => {
  it('uses the sliced adapter (a cluster uses Redis\'s)', async () => {
    const hub = await startTestHub();
    try {
      expect(hub.io.of('/').adapter.constructor.name).toBe('SlicedAdapter');
    } finally {
      await hub.stop();
    }
  });
});
