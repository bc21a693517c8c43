import { describe, expect, it } from 'vitest';
import { loadConfig } from '#server/config.ts';

const NO_FILE = { ATRIUM_CONFIG: '/nonexistent/atrium.config.json' };

describe('cluster settings', () => {
  it('is one process with no Redis unless a Redis URL is set', () => {
    const c = loadConfig(NO_FILE);
    expect(c.role).toBe('writer');
    expect(c.redisUrl).toBeUndefined();
  });

  it('takes the Redis URL and the role from the environment', () => {
    const c = loadConfig({ ...NO_FILE, ATRIUM_REDIS_URL: 'redis://127.0.0.1:6379', ATRIUM_ROLE: 'fanout' });
    expect(c).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379', role: 'fanout' });
  });

  it('refuses a fan-out process without Redis, naming the setting', () => {
    expect(() => loadConfig({ ...NO_FILE, ATRIUM_ROLE: 'fanout' })).toThrow(/Bad hub setting redisUrl: a fan-out process needs ATRIUM_REDIS_URL/);
  });

  it('refuses a role or a Redis URL it does not know, naming the setting', () => {
    expect(() => loadConfig({ ...NO_FILE, ATRIUM_ROLE: 'reader' })).toThrow(/Bad hub setting role/);
    expect(() => loadConfig({ ...NO_FILE, ATRIUM_REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/Bad hub setting redisUrl: use a redis:\/\/ or rediss:\/\/ URL/);
  });
});
