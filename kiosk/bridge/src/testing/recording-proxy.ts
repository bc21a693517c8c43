import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay between the bridge and the hub that keeps every byte both ways, so a test can
 * scan the traffic for a card number. It keeps relaying across hub restarts (each connection
 * is dialled anew).
 */
export class RecordingProxy {
  readonly chunks: Buffer[] = [];
  readonly #sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static start(targetPort: number): Promise<RecordingProxy> {
    return new Promise((resolve) => {
      let proxy: RecordingProxy;
      const server = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1');
        for (const s of [client, upstream]) {
          proxy.#sockets.add(s);
          s.on('close', () => proxy.#sockets.delete(s));
          s.on('error', () => undefined);
        }
        client.on('data', (d: Buffer) => {
          proxy.chunks.push(Buffer.from(d));
          upstream.write(d);
        });
        upstream.on('data', (d: Buffer) => {
          proxy.chunks.push(Buffer.from(d));
          client.write(d);
        });
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.listen(0, '127.0.0.1', () => {
        proxy = new RecordingProxy(server, (server.address() as { port: number }).port);
        resolve(proxy);
      });
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** All traffic so far, both ways, as one buffer. */
  traffic(): Buffer {
    return Buffer.concat(this.chunks);
  }

  async stop(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise((r) => this.server.close(r));
  }
}
