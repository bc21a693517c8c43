import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { provisionDevices, type ProvisionedDevice } from '#bench/lib/provision.ts';
import { freePort, healthy, hubArgs, hubEnv, ROOT, until } from './hub-spawn.ts';
import { startTestHub } from './test-hub.ts';

export { freePort, healthy, until } from './hub-spawn.ts';

/** Whether a program is installed (redis-server, haproxy: `.ci/run` installs them from Debian). */
export const installed = (program: string) => ['/usr/bin', '/usr/sbin', '/usr/local/bin'].some((d) => existsSync(join(d, program)));

/** One child process the test started: started again with the same command, stopped by its own pid. */
export class Child {
  #child: ChildProcess | null = null;
  #log = '';

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly env: Record<string, string> = {},
    /** The process's scheduling priority (nice, -20..19; 0 leaves it as spawned). */
    private readonly nice = 0,
  ) {}

  get pid(): number | undefined {
    return this.#child?.pid;
  }
  get running(): boolean {
    return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null;
  }
  /** The last few KB the process printed, for a failure message. */
  get log(): string {
    return this.#log;
  }

  start(): void {
    const child = spawn(this.command, this.args, { cwd: ROOT, env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d: Buffer) => (this.#log = (this.#log + d.toString()).slice(-4000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    if (this.nice && child.pid) setPriority(child.pid, this.nice);
    this.#child = child;
  }

  /** Sends the signal and waits until the process is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await gone;
  }

  /** CPU time used (user + system), ms, from /proc. */
  cpuMs(): number {
    return this.pid ? processCpuMs(this.pid) : 0;
  }
}

/** CPU time (user + system) process `pid` has used so far, ms, from /proc/PID/stat (Linux; 100 ticks a second). */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A redis-server on loopback `port`, nothing saved to disk; start() it, then untilListening(). */
export const redisChild = (port: number): Child =>
  new Child('redis', 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no']);

/** Waits until something listens on loopback `port` (the port can no longer be taken), or throws after 10 s naming `what`. */
export const untilListening = (what: string, port: number): Promise<void> =>
  until(what, () => new Promise<boolean>((ok) => {
    const s = createServer();
    s.once('error', () => ok(true));
    s.listen(port, '127.0.0.1', () => s.close(() => ok(false)));
  }), 10_000, 20);

/** BENCH_HUB_NODE_ARGS (space-separated node flags, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof/{role}`) for each hub process, `{role}` read as writer or fanout. */
const nodeArgsFor = (role: string): string[] => (process.env.BENCH_HUB_NODE_ARGS ?? '').split(' ').filter(Boolean).map((a) => a.replaceAll('{role}', role));

/** BENCH_FANOUT_NICE: the fan-out processes' nice value (docs/cluster.md: on a machine they share with the writer, the writer's acks first). */
const fanoutNice = (): number => Number(process.env.BENCH_FANOUT_NICE ?? 0) || 0;

export interface ClusterOptions {
  dataRoot: string;
  fanouts?: number;
  /** Extra environment for the hub processes. */
  env?: Record<string, string>;
  /** Run the built hub (dist/hub/main.mjs) rather than the sources, as the bench does. */
  built?: boolean;
}

/**
 * One mall on several processes, all on loopback on free ports, as docs/cluster.md lays it out:
 * redis-server, the writer, N fan-out processes and HAProxy in front with deploy/haproxy/atrium.cfg.
 * Each part can be stopped and started again on its port. stop() ends every process it started.
 */
export class LocalCluster {
  readonly redis: Child;
  readonly writer: Child;
  readonly fanouts: Child[];
  readonly haproxy: Child;

  private constructor(
    readonly ports: { redis: number; writer: number; fanouts: number[]; lb: number },
    options: ClusterOptions,
  ) {
    const redisUrl = `redis://127.0.0.1:${ports.redis}`;
    this.redis = redisChild(ports.redis);
    const hub = (role: 'writer' | 'fanout', port: number) =>
      new Child(
        role,
        process.execPath,
        [...nodeArgsFor(role), ...hubArgs(options.built)],
        hubEnv(port, options.dataRoot, { ATRIUM_DEMO: '0', ATRIUM_RETENTION_JOB: '0', ATRIUM_REDIS_URL: redisUrl, ATRIUM_ROLE: role, ...options.env }),
        role === 'fanout' ? fanoutNice() : 0,
      );
    this.writer = hub('writer', ports.writer);
    this.fanouts = ports.fanouts.map((p) => hub('fanout', p));
    this.haproxy = new Child('haproxy', 'haproxy', ['-db', '-f', resolve(ROOT, 'deploy/haproxy/atrium.cfg')], {
      ATRIUM_LB_BIND: `127.0.0.1:${ports.lb}`,
      ATRIUM_WRITER: `127.0.0.1:${ports.writer}`,
      ...Object.fromEntries(ports.fanouts.map((p, i) => [`ATRIUM_FANOUT_${i + 1}`, `127.0.0.1:${p}`])),
    });
  }

  get writerUrl(): string {
    return `http://127.0.0.1:${this.ports.writer}`;
  }
  fanoutUrl(i: number): string {
    return `http://127.0.0.1:${this.ports.fanouts[i]}`;
  }
  /** Where devices connect: the load balancer. */
  get url(): string {
    return `http://127.0.0.1:${this.ports.lb}`;
  }

  static async start(options: ClusterOptions): Promise<LocalCluster> {
    const n = options.fanouts ?? 2;
    if (n > 2) throw new Error('deploy/haproxy/atrium.cfg names two fan-out processes');
    const ports = { redis: await freePort(), writer: await freePort(), fanouts: [] as number[], lb: await freePort() };
    for (let i = 0; i < n; i++) ports.fanouts.push(await freePort());
    const cluster = new LocalCluster(ports, options);
    try {
      await cluster.startRedis();
      cluster.writer.start();
      await until(`the writer (${cluster.writer.log})`, () => healthy(cluster.writerUrl), 90_000);
      for (const f of cluster.fanouts) f.start();
      for (let i = 0; i < n; i++) await until(`fan-out ${i + 1} (${cluster.fanouts[i].log})`, () => healthy(cluster.fanoutUrl(i)), 90_000);
      cluster.haproxy.start();
      await until(`haproxy (${cluster.haproxy.log})`, () => healthy(cluster.url), 10_000);
      return cluster;
    } catch (e) {
      await cluster.stop();
      throw e;
    }
  }

  async startRedis(): Promise<void> {
    this.redis.start();
    await untilListening('redis-server', this.ports.redis);
  }

  async stop(): Promise<void> {
    await Promise.all([this.haproxy.stop(), ...this.fanouts.map((f) => f.stop('SIGKILL'))]);
    await this.writer.stop();
    await this.redis.stop('SIGKILL');
  }
}

/**
 * A mall folder ready for a cluster: the demo mall (made by a hub on the empty folder, as a first
 * start does) plus `screens` screens and `kiosks` kiosks provisioned straight into devices.json,
 * as bench/generate.ts does (pairing hundreds of screens by code would trip the pairing limits).
 */
export async function provisionMall(dataRoot: string, counts: { screens: number; kiosks: number }): Promise<{ screens: ProvisionedDevice[]; kiosks: ProvisionedDevice[] }> {
  const hub = await startTestHub({ demo: true }, dataRoot);
  try {
    // One zone for all: a screen hears its own zone's count, so every screen sees each check-in's.
    const zones = [hub.services.mall.record.zones[0]!.id];
    const at = new Date().toISOString();
    const screens = provisionDevices('screen', counts.screens, zones, at);
    const kiosks = provisionDevices('kiosk', counts.kiosks, zones, at);
    hub.store.devices.data.devices.push(...screens.records, ...kiosks.records);
    await hub.store.devices.commit();
    return { screens: screens.devices, kiosks: kiosks.devices };
  } finally {
    await hub.stop();
  }
}
