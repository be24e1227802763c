/**
 * The shared state store across an outage and a process death, on the real Redis (127.0.0.1:6379) through a cuttable
 * proxy: a profile saved while Redis is unreachable stays in the local cache, marked in `state-dirty.json`; an
 * instance that ends before Redis returns (here: closed while cut off, as `kill -9` would leave it) hands it back when
 * it starts again on the same data home, and Redis alone then has it. A user erased through one instance is not
 * brought back from another instance's cache, and the other instance drops its cached copy at once (told through
 * Redis), so that even cut off from Redis it no longer has it.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { cuttableProxy, TEST_REDIS_URL } from '../../bench/support/fault-infra.ts';
import { loadConfig } from '../../src/config.ts';
import { openStateStore } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { connectTestRedis } from '../support/redis.ts';

const { admin, reachable: hasRedis } = await connectTestRedis();
const run = randomUUID();
const user = `test:resilient:${run}`;
const homes: string[] = [];
const home = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fa-resilient-'));
  homes.push(dir);
  return dir;
};

afterAll(async () => {
  if (hasRedis) {
    for await (const keys of admin.scanIterator({ MATCH: `*${run}*` })) if (keys.length > 0) await admin.del(keys);
  }
  if (admin.isOpen) admin.destroy();
  for (const dir of homes) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasRedis)('shared state store through an outage and a restart', () => {
  it('hands back, after a restart, what was saved locally while Redis was unreachable', async () => {
    const target = new URL(TEST_REDIS_URL);
    const proxy = await cuttableProxy({ host: target.hostname, port: Number(target.port || 6379) });
    try {
      const instanceHome = home();
      const viaProxy = loadConfig({ FASHION_HOME: instanceHome, REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
      const first = await openStateStore(viaProxy, silentLogger);
      const state = await first.load(user);
      state.profile.dislikedColors.push('red');
      await first.save(state);

      await proxy.cut();
      state.profile.dislikedColors.push('green');
      await first.save(state);
      const dirtyFile = path.join(instanceHome, 'state-dirty.json');
      expect(JSON.parse(readFileSync(dirtyFile, 'utf8'))).toEqual([user]);
      await first.close(); // cannot reach Redis: the change stays in the cache, still marked

      await proxy.restore();
      const second = await openStateStore(viaProxy, silentLogger);
      const deadline = Date.now() + 20_000;
      while ((second as unknown as { pending: number }).pending > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect((second as unknown as { pending: number }).pending).toBe(0);
      expect(existsSync(dirtyFile) && JSON.parse(readFileSync(dirtyFile, 'utf8'))).toEqual([]);
      await second.close();

      const redisOnly = await openStateStore(
        loadConfig({ FASHION_HOME: home(), REDIS_URL: TEST_REDIS_URL }),
        silentLogger,
      );
      expect((await redisOnly.load(user)).profile.dislikedColors).toEqual(['red', 'green']);
      await redisOnly.close();
    } finally {
      await proxy.stop();
    }
  }, 60_000);

  it('does not bring back from its cache a user erased through another instance', async () => {
    const forgotten = `test:resilient:${run}:forgotten`;
    const a = await openStateStore(loadConfig({ FASHION_HOME: home(), REDIS_URL: TEST_REDIS_URL }), silentLogger);
    const b = await openStateStore(loadConfig({ FASHION_HOME: home(), REDIS_URL: TEST_REDIS_URL }), silentLogger);
    try {
      const state = await b.load(forgotten);
      state.profile.dislikedColors.push('red');
      await b.save(state);
      expect((await a.load(forgotten)).profile.dislikedColors).toEqual(['red']);
      await a.erase(forgotten);
      const after = await b.load(forgotten);
      expect(after.profile.dislikedColors).toEqual([]);
      await b.save(after);
      expect((await a.load(forgotten)).profile.dislikedColors).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("drops an erased user from every instance's cache", async () => {
    const erased = `test:resilient:${run}:erased`;
    const target = new URL(TEST_REDIS_URL);
    const proxy = await cuttableProxy({ host: target.hostname, port: Number(target.port || 6379) });
    const bHome = home();
    const a = await openStateStore(loadConfig({ FASHION_HOME: home(), REDIS_URL: TEST_REDIS_URL }), silentLogger);
    const b = await openStateStore(
      loadConfig({ FASHION_HOME: bHome, REDIS_URL: `redis://127.0.0.1:${proxy.port}` }),
      silentLogger,
    );
    const cacheFile = new Database(path.join(bHome, 'state-cache.sqlite'), { readonly: true });
    const cachedRows = () =>
      (cacheFile.prepare('SELECT count(*) AS n FROM keyv WHERE instr(key, ?) > 0').get(erased) as { n: number }).n;
    try {
      const state = await b.load(erased);
      state.profile.dislikedColors.push('red');
      await b.save(state);
      expect(cachedRows()).toBeGreaterThan(0);
      await a.erase(erased);
      const deadline = Date.now() + 10_000;
      while (cachedRows() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(cachedRows()).toBe(0);
      await proxy.cut();
      expect((await b.load(erased)).profile.dislikedColors).toEqual([]);
    } finally {
      cacheFile.close();
      await Promise.all([a.close(), b.close()]);
      await proxy.stop();
    }
  }, 60_000);
});
