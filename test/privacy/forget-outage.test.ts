/**
 * "Forget me" while a store is down (issue 16, 5b), against the real Redis and PostgreSQL through cuttable proxies:
 * what can be erased is erased at once (log and experiment records with Redis down; the profile with PostgreSQL
 * down), the reply says exactly what waits for the server that is down, the erasure is recorded durably and finished
 * as soon as that server is back — by the background retry, after a restart too — and until the profile is erased
 * the shopper's new turns neither build on it nor are kept.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cuttableProxy, TEST_REDIS_URL } from '../../bench/support/fault-infra.ts';
import { LIST_SIZE_EXPERIMENT } from '../../bench/support/list-size-experiment.ts';
import { loadConfig } from '../../src/config.ts';
import { describeTargets } from '../../src/engine/erasure.ts';
import { createTextCipher } from '../../src/log/crypto.ts';
import { loadLogKeys } from '../../src/log/keys.ts';
import { createEraser } from '../../src/privacy/eraser.ts';
import { fileErasureLedger } from '../../src/privacy/erasure-ledger.ts';
import { openStateStore } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { freshSchema, postgresReachable } from '../log/fixtures.ts';
import { createTestBot } from '../support/bot.ts';
import { connectTestRedis } from '../support/redis.ts';

const { admin, reachable: hasRedis } = await connectTestRedis();
const hasPostgres = await postgresReachable();
const run = randomUUID();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  if (hasRedis) {
    for await (const keys of admin.scanIterator({ MATCH: `*${run}*` })) if (keys.length > 0) await admin.del(keys);
  }
  if (admin.isOpen) admin.destroy();
});

const experimentsFile = path.join(os.tmpdir(), `fa-forget-outage-${process.pid}.json`);
writeFileSync(
  experimentsFile,
  JSON.stringify({
    experiments: [LIST_SIZE_EXPERIMENT],
  }),
);

async function proxyTo(url: string, defaultPort: number) {
  const target = new URL(url);
  const proxy = await cuttableProxy({ host: target.hostname, port: Number(target.port || defaultPort) });
  cleanups.push(proxy.stop);
  const via = url.replace(`${target.hostname}:${target.port || defaultPort}`, `127.0.0.1:${proxy.port}`);
  return { proxy, via };
}

const redisKeysOf = async (user: string) => {
  let n = 0;
  for await (const keys of admin.scanIterator({ MATCH: `*${user}*` })) n += keys.length;
  return n;
};

async function until(check: () => Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await check()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  return check();
}

describe.skipIf(!hasRedis)('"forget me" with Redis down', () => {
  it('erases the log and experiment records at once, says the profile waits, and erases it once Redis is back', async () => {
    const { proxy, via } = await proxyTo(TEST_REDIS_URL, 6379);
    const bot = await createTestBot({ env: { REDIS_URL: via, FASHION_EXPERIMENTS: experimentsFile } });
    cleanups.push(() => bot.close());
    const user = `test:forget-redis:${run}`;
    const exposures = () => {
      const db = new Database(path.join(bot.config.home, 'experiments.sqlite'), { readonly: true });
      try {
        const pseudonym = bot.deps().pseudonymize!(user);
        return (
          db.prepare('SELECT count(*) AS n FROM experiment_exposures WHERE pseudonym = ?').get(pseudonym) as {
            n: number;
          }
        ).n;
      } finally {
        db.close();
      }
    };
    await bot.send('I hate yellow', user);
    await bot.send('show me shoes for women', user);
    expect(await bot.deps().log!.exportUser(user)).toHaveLength(2);
    expect(exposures()).toBe(1);
    expect(await redisKeysOf(user)).toBeGreaterThan(0);

    await proxy.cut();
    const forgotten = await bot.send('forget me', user);
    expect(forgotten.text).toContain(`I can't reach the server that holds ${describeTargets(['profile'], 'en')}`);
    expect(forgotten.text).toContain(describeTargets(['log', 'experiments'], 'en'));
    expect(forgotten.text).not.toMatch(/safe/);
    expect(forgotten.private).toBe(true);
    expect(await bot.deps().log!.exportUser(user)).toEqual([]);
    expect(exposures()).toBe(0);
    // Until the profile is erased, a new turn is answered honestly and neither saved nor logged.
    const meanwhile = await bot.send('show me dresses', user);
    expect(meanwhile.text).toContain('still erasing');
    expect(await bot.deps().log!.exportUser(user)).toEqual([]);

    await proxy.restore();
    expect(await until(async () => (await redisKeysOf(user)) === 0)).toBe(true);
    const back = await bot.send('show me dresses', user);
    expect(back.items.length).toBeGreaterThan(0);
    expect((await bot.deps().store.load(user)).profile.dislikedColors).toEqual([]);
  }, 90_000);

  it('finishes an erasure recorded before a restart', async () => {
    const { proxy, via } = await proxyTo(TEST_REDIS_URL, 6379);
    const home = mkdtempSync(path.join(os.tmpdir(), 'fa-forget-ledger-'));
    cleanups.push(() => rmSync(home, { recursive: true, force: true }));
    const config = loadConfig({ FASHION_HOME: home, REDIS_URL: via, LOG_LEVEL: 'silent' });
    const file = path.join(home, 'erasures-pending.jsonl');
    const cipher = createTextCipher(loadLogKeys(config, silentLogger).encryption);
    const user = `test:forget-ledger:${run}`;
    const start = async () => {
      const store = await openStateStore(config, silentLogger);
      const eraser = createEraser({
        targets: { profile: (u) => store.erase(u) },
        ledger: fileErasureLedger(file, cipher),
        logger: silentLogger,
        timeoutMs: 2000,
        retryMs: 200,
      });
      return { store, eraser };
    };
    const first = await start();
    const state = await first.store.load(user);
    state.profile.dislikedColors.push('red');
    await first.store.save(state);
    await proxy.cut();
    expect(await first.eraser.erase(user, Date.now())).toEqual({ erased: [], pending: ['profile'] });
    first.eraser.close();
    await first.store.close();
    expect(existsSync(file)).toBe(true);
    expect(await redisKeysOf(user)).toBeGreaterThan(0);

    await proxy.restore();
    const second = await start();
    cleanups.push(async () => {
      second.eraser.close();
      await second.store.close();
    });
    expect(await until(async () => (await redisKeysOf(user)) === 0 && !existsSync(file))).toBe(true);
  }, 60_000);
});

describe.skipIf(!hasPostgres)('"forget me" with PostgreSQL down', () => {
  it('erases the profile at once, says the history waits, and erases it once PostgreSQL is back', async () => {
    const schema = await freshSchema();
    cleanups.push(schema.drop);
    const { proxy, via } = await proxyTo(schema.url, 5432);
    const bot = await createTestBot({ env: { DATABASE_URL: via, FASHION_EXPERIMENTS: experimentsFile } });
    cleanups.push(() => bot.close());
    const user = `test:forget-pg:${run}`;
    const count = async (table: string, key: string) => {
      const sql = `SELECT count(*)::int AS n FROM ${table} WHERE ${key} = $1`;
      return Number((await schema.client.query(sql, [bot.deps().pseudonymize!(user)])).rows[0].n);
    };
    await bot.send('I hate yellow', user);
    await bot.send('show me shoes for women', user);
    expect(await count('turns', 'user_key')).toBe(2);
    expect(await count('experiment_exposures', 'pseudonym')).toBe(1);

    await proxy.cut();
    const forgotten = await bot.send('forget me', user);
    expect(forgotten.text).toContain(`I've erased ${describeTargets(['profile'], 'en')}`);
    expect(forgotten.text).toContain(describeTargets(['log', 'experiments'], 'en'));
    expect((await bot.deps().store.load(user)).profile.dislikedColors).toEqual([]);

    await proxy.restore();
    expect(
      await until(
        async () => (await count('turns', 'user_key')) + (await count('experiment_exposures', 'pseudonym')) === 0,
      ),
    ).toBe(true);
  }, 90_000);
});
