import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    const config = loadConfig({});
    expect(config.REVIEW_PORT).toBe(8787);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.home).toMatch(/\.fashion-advisor$/);
  });

  it.each([
    ['REVIEW_PORT', 'abc'],
    ['REDIS_URL', 'http://localhost'],
    ['DATABASE_URL', 'mysql://x'],
    ['LOG_ENCRYPTION_KEY', 'short'],
    ['TELEGRAM_BOT_TOKEN', 'not a token'],
    ['LOG_LEVEL', 'loud'],
    ['FASHION_DATA_DIR', '/definitely/not/here'],
    ['DISCORD_SHARDS', '2'],
    ['DISCORD_SHARDS', '2/2'],
    ['DISCORD_SHARDS', '1-0/2'],
    ['DISCORD_SHARDS', '0/0'],
    ['REVIEW_TRUST_PROXY', 'yes please'],
    ['REVIEW_TRUST_PROXY', '10.0.0.0/33'],
    ['REVIEW_TRUST_PROXY', '127.0.0.1,'],
    ['REVIEW_SESSION_IDLE_MINUTES', '0'],
  ])('names the variable when %s=%s is bad', (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]!.variable).toBe(variable);
    expect((error as Error).message).toContain(variable);
  });

  it('reads the Discord shards an instance runs: ids and ranges of a count', () => {
    expect(loadConfig({ DISCORD_SHARDS: '1/2' }).DISCORD_SHARDS).toEqual({ ids: [1], count: 2 });
    expect(loadConfig({ DISCORD_SHARDS: '4, 0-1/8' }).DISCORD_SHARDS).toEqual({ ids: [0, 1, 4], count: 8 });
    expect(loadConfig({}).DISCORD_SHARDS).toBeUndefined();
    expect(() => loadConfig({ DISCORD_SHARDS: '3/2' })).toThrow(/shard 3 does not exist: ids go from 0 to 1/);
  });

  it('reads the proxies the console trusts and its idle timeout', () => {
    expect(loadConfig({}).REVIEW_TRUST_PROXY).toBeUndefined();
    expect(loadConfig({ REVIEW_TRUST_PROXY: 'true' }).REVIEW_TRUST_PROXY).toBe(true);
    expect(loadConfig({ REVIEW_TRUST_PROXY: 'false' }).REVIEW_TRUST_PROXY).toBe(false);
    expect(loadConfig({ REVIEW_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,loopback,::1' }).REVIEW_TRUST_PROXY).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      'loopback',
      '::1',
    ]);
    expect(loadConfig({}).REVIEW_SESSION_IDLE_MINUTES).toBe(30);
    expect(loadConfig({ REVIEW_SESSION_IDLE_MINUTES: '90' }).REVIEW_SESSION_IDLE_MINUTES).toBe(90);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ REDIS_URL: '' }).REDIS_URL).toBeUndefined();
  });
});
