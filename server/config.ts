import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_K, DEFAULT_PRESENCE_MINUTES, MIN_K } from '#shared/constants.ts';
import { TimeZone, type MallSettings } from '#shared/schemas/setup.ts';

/**
 * Hub settings. Read from `atrium.config.json` (or the file named by ATRIUM_CONFIG), then
 * overridden by environment variables, so a mall can keep a file and a test can set one value.
 */
export const HubConfig = z.strictObject({
  mall: z.string().regex(/^[a-z0-9-]{1,40}$/).default('demo'),
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Folder holding one sub-folder per mall. */
  dataRoot: z.string().default('./data'),
  /** The card-token key; kept apart from the mall's data folder. */
  secretFile: z.string().optional(),
  k: z.coerce.number().int().min(MIN_K).default(DEFAULT_K),
  /** The mall clock's time zone (for a mall set up with its own, that one wins: withMallSettings). */
  timezone: TimeZone.default(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
  presenceMinutes: z.coerce.number().positive().default(DEFAULT_PRESENCE_MINUTES),
  /**
   * A read begins a new mall visit only after this long without a read of that shopper (DESIGN.md,
   * Visit); reads meanwhile refresh presence. Unset: the presence window. 0: every read is a new
   * visit (for tests of storage and replays, not of arrivals).
   */
  visitWindowMinutes: z.coerce.number().nonnegative().optional(),
  pairingCodeMinutes: z.coerce.number().positive().default(10),
  /** How long a sign-in lasts; its sockets close when it ends. */
  sessionMinutes: z.coerce.number().positive().default(12 * 60),
  /** How long count updates are gathered before one push to screens and panels. */
  countTickMs: z.coerce.number().int().min(10).max(5000).default(50),
  /**
   * How far V8 lets the heap grow past what a full collection kept before it collects again, in
   * percent (V8's --heap-growing-percent); 0 leaves it to V8, which lets a hub holding 200,000
   * shoppers grow by ~100 MB of garbage before a full collection (docs/running.md#memory).
   */
  heapGrowingPercent: z.coerce.number().int().min(0).max(400).default(20),
  /**
   * How often the journal's changes are written into the shard and day files (seconds); sooner
   * after 8 MB of journal, which bounds the replay after a crash whatever this is. At 100
   * check-ins/s over 1,024 shopper shards, 5 s rewrote ~400 shards (~40 MB of JSON) per
   * checkpoint; 30 s writes each busy shard once for many check-ins. Measured in the cluster bench
   * (bench/results/2026-11-30-session6-runs.md): writer ack p99 ~50 → ~40 ms, p50 ~10 → ~6 ms.
   */
  checkpointSeconds: z.coerce.number().min(1).max(600).default(30),
  /**
   * A broadcast to more sockets than this is written this many at a time, one slice per turn of
   * the event loop, so check-in acks go out between slices (realtime/sliced-adapter.ts); 0 writes
   * every broadcast at once, as Socket.io does. One process only: a cluster fans out through Redis.
   * DESIGN.md "Measured facts": ~10 ms of event loop per 500 sockets per emit, so 128 hold the loop
   * ~2.5 ms; a count tick at 2,000 screens (~2,000 messages) leaves the loop 15 times. Measured
   * (bench/results/2026-12-01-session8-runs.md, 2,000 screens, 100 check-ins/s, two runs each):
   * ack p99 16.1–17.3 ms at 128, 19.1–19.9 at 192, 21.3–23.7 at 256; the broadcast still within
   * 0.87–0.91× the bare server's at 128.
   */
  socketsPerTurn: z.coerce.number().int().min(0).max(100_000).default(128),
  /** How often the operators' live board pushes what changed (screens, kiosks, totals, counts). */
  statusTickMs: z.coerce.number().int().min(10).max(60_000).default(1000),
  fsync: z
    .union([z.boolean(), z.enum(['0', '1', 'true', 'false'])])
    .transform((v) => v === true || v === '1' || v === 'true')
    .default(true),
  /** Waits before each webhook retry, in seconds (comma-separated in the environment). */
  webhookRetrySeconds: z
    .union([z.array(z.number().nonnegative()), z.string().regex(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/)])
    .transform((v) => (typeof v === 'string' ? v.split(',').map(Number) : v))
    .default([10, 60, 300, 1800, 7200]),
  /** Waits before each retry of an offer email, in seconds (comma-separated in the environment). */
  mailRetrySeconds: z
    .union([z.array(z.number().nonnegative()), z.string().regex(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/)])
    .transform((v) => (typeof v === 'string' ? v.split(',').map(Number) : v))
    .default([60, 300, 1800]),
  /** Waits before each retry of a text message (SMS), in seconds (comma-separated in the environment). */
  smsRetrySeconds: z
    .union([z.array(z.number().nonnegative()), z.string().regex(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/)])
    .transform((v) => (typeof v === 'string' ? v.split(',').map(Number) : v))
    .default([60, 300, 1800]),
  /** How long the SMS centre has to answer a connection, a bind or a message, in ms. */
  smsTimeoutMs: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /**
   * Start even when the journal is damaged in the middle, dropping the damaged lines (copies of
   * the files are kept in `journal-damaged/`). Off: such damage stops the hub, naming the file.
   */
  salvage: z
    .union([z.boolean(), z.enum(['0', '1', 'true', 'false'])])
    .transform((v) => v === true || v === '1' || v === 'true')
    .default(false),
  /**
   * Let webhooks and SMTP reach private addresses (10/8, 172.16/12, 192.168/16, fc00::/7,
   * 100.64/10), for an on-site CRM or mail relay. Loopback and link-local stay refused.
   */
  allowPrivateOutbound: z
    .union([z.boolean(), z.enum(['0', '1', 'true', 'false'])])
    .transform((v) => v === true || v === '1' || v === 'true')
    .default(false),
  /**
   * TESTS ONLY: let webhooks and SMTP reach loopback, where a test's receiver listens. No
   * environment variable sets it; a hub in use never should.
   */
  testOnlyAllowLoopbackOutbound: z.boolean().default(false),
  /**
   * Run the daily retention job (domain/retention: erase lapsed shoppers, fold old visits, trim
   * logs) at 03:30 on the mall clock. Off only for tests that must not see the hub change on its own.
   */
  retentionJob: z
    .union([z.boolean(), z.enum(['0', '1', 'true', 'false'])])
    .transform((v) => v === true || v === '1' || v === 'true')
    .default(true),
  /** Create the demo mall (zones, shops, promotions, an operator) when the data folder is empty. */
  demo: z
    .union([z.boolean(), z.enum(['0', '1', 'true', 'false'])])
    .transform((v) => v === true || v === '1' || v === 'true')
    .default(true),
  /** Password for the first operator; printed once if generated. */
  adminPassword: z.string().min(8).optional(),
  /** Bearer token a Prometheus scraper gives for /metrics; without one, /metrics answers this machine only. */
  metricsToken: z.string().min(16, 'use at least 16 characters').optional(),
  /** The address shoppers' phones reach the hub at, for links in email and QR codes. */
  publicUrl: z.url().optional(),
  /** Where the built browser apps are. */
  distDir: z.string().default('./dist'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where the daily scheduled backup goes (one folder per backup); unset: no scheduled backups. */
  backupDir: z.string().min(1).optional(),
  /** How many daily backups to keep in backupDir; older ones are removed after each new one. */
  backupKeep: z.coerce.number().int().min(1).max(365).default(7),
  /** The hour (0–23) on the mall clock from which the day's backup is taken. */
  backupHour: z.coerce.number().int().min(0).max(23).default(3),
  /** Serve HTTPS with these files (a kiosk's camera needs a secure origin other than localhost). */
  tlsCert: z.string().optional(),
  tlsKey: z.string().optional(),
  /**
   * Several hub processes for one mall (docs/cluster.md): the Redis that carries pushes between
   * them, e.g. `redis://127.0.0.1:6379`. Unset (the default): one process, no Redis.
   */
  redisUrl: z.url({ protocol: /^rediss?$/, error: 'use a redis:// or rediss:// URL' }).optional(),
  /**
   * With redisUrl: `writer` owns the data folder and makes every write and decision (exactly one
   * per mall); `fanout` holds screens', kiosks' and panels' sockets, serves the browser apps and
   * forwards every device event to the writer. Without redisUrl only `writer` (the whole hub).
   */
  role: z.enum(['writer', 'fanout']).default('writer'),
  /**
   * A fan-out process's way to the writer, when the address the writer announces in Redis
   * (its own listening address) is not the one to use from here.
   */
  writerUrl: z.url().optional(),
}).refine((c) => c.role === 'writer' || c.redisUrl !== undefined, { path: ['redisUrl'], message: 'a fan-out process needs ATRIUM_REDIS_URL: it finds the writer and gets its pushes through Redis' });
export type HubConfig = z.output<typeof HubConfig>;
export type HubConfigInput = z.input<typeof HubConfig>;

const ENV: Record<string, keyof HubConfigInput> = {
  ATRIUM_MALL: 'mall',
  ATRIUM_HOST: 'host',
  PORT: 'port',
  ATRIUM_PORT: 'port',
  ATRIUM_DATA: 'dataRoot',
  ATRIUM_SECRET_FILE: 'secretFile',
  ATRIUM_K: 'k',
  ATRIUM_PRESENCE_MINUTES: 'presenceMinutes',
  ATRIUM_SESSION_MINUTES: 'sessionMinutes',
  ATRIUM_VISIT_WINDOW_MINUTES: 'visitWindowMinutes',
  ATRIUM_TIMEZONE: 'timezone',
  ATRIUM_COUNT_TICK_MS: 'countTickMs',
  ATRIUM_STATUS_TICK_MS: 'statusTickMs',
  ATRIUM_HEAP_GROWING_PERCENT: 'heapGrowingPercent',
  ATRIUM_CHECKPOINT_SECONDS: 'checkpointSeconds',
  ATRIUM_SOCKETS_PER_TURN: 'socketsPerTurn',
  ATRIUM_FSYNC: 'fsync',
  ATRIUM_DEMO: 'demo',
  ATRIUM_RETENTION_JOB: 'retentionJob',
  ATRIUM_SALVAGE: 'salvage',
  ATRIUM_WEBHOOK_RETRY_SECONDS: 'webhookRetrySeconds',
  ATRIUM_MAIL_RETRY_SECONDS: 'mailRetrySeconds',
  ATRIUM_SMS_RETRY_SECONDS: 'smsRetrySeconds',
  ATRIUM_SMS_TIMEOUT_MS: 'smsTimeoutMs',
  ATRIUM_ALLOW_PRIVATE_OUTBOUND: 'allowPrivateOutbound',
  ATRIUM_ADMIN_PASSWORD: 'adminPassword',
  ATRIUM_DIST: 'distDir',
  ATRIUM_PUBLIC_URL: 'publicUrl',
  ATRIUM_METRICS_TOKEN: 'metricsToken',
  ATRIUM_LOG_LEVEL: 'logLevel',
  ATRIUM_BACKUP_DIR: 'backupDir',
  ATRIUM_BACKUP_KEEP: 'backupKeep',
  ATRIUM_BACKUP_HOUR: 'backupHour',
  ATRIUM_TLS_CERT: 'tlsCert',
  ATRIUM_TLS_KEY: 'tlsKey',
  ATRIUM_REDIS_URL: 'redisUrl',
  ATRIUM_ROLE: 'role',
  ATRIUM_WRITER_URL: 'writerUrl',
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: HubConfigInput = {}): HubConfig {
  const file = resolve(env.ATRIUM_CONFIG ?? 'atrium.config.json');
  const fromFile: Record<string, unknown> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const fromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV)) if (env[name] !== undefined) fromEnv[key] = env[name];
  const parsed = HubConfig.safeParse({ ...fromFile, ...fromEnv, ...overrides });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Bad hub setting ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

/** The mall's visit window in ms (see visitWindowMinutes). */
export const visitWindowMs = (c: HubConfig) => (c.visitWindowMinutes ?? c.presenceMinutes) * 60_000;

export const mallDir = (c: HubConfig) => resolve(c.dataRoot, c.mall);
export const secretFile = (c: HubConfig) => resolve(c.secretFile ?? resolve(c.dataRoot, 'secrets', `${c.mall}.key`));
/** The private key that opens card taps a kiosk sealed while offline; kept beside the card secret. */
export const offlineKeyFile = (c: HubConfig) => secretFile(c).replace(/\.key$/, '') + '.offline.pem';

/**
 * The settings a mall keeps for itself (set at first-run set-up, stored with the mall) over the
 * hub's: its time zone, K and public URL win over ATRIUM_TIMEZONE, ATRIUM_K and ATRIUM_PUBLIC_URL,
 * which remain the settings of a mall that has none (the demo mall).
 */
export function withMallSettings(config: HubConfig, mall: { settings?: MallSettings } | null): HubConfig {
  const s = mall?.settings;
  if (!s) return config;
  return { ...config, timezone: s.timezone, k: s.k, ...(s.publicUrl ? { publicUrl: s.publicUrl } : {}) };
}
