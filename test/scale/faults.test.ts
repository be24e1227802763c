/**
 * The fault scenarios of `bench faults`, small, in shared-state mode against the real Redis (127.0.0.1:6379) and
 * PostgreSQL (127.0.0.1:5432), each run isolated (own keys, own schema) and cleaned up: kill -9 of an instance, Redis
 * cut and restored, a private Redis that restarts empty, PostgreSQL cut and restored, and two instances answering
 * alternate turns of the same conversations. Every turn must be answered; nothing replied may be missing from the log
 * or logged twice, no profile update may be lost, "cheaper" on one instance must refine the other's list, and no
 * instance may crash on its own.
 */
import { execFileSync } from 'node:child_process';
import { createClient } from '@keyv/redis';
import { describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../bench/support/fault-infra.ts';
import {
  type FaultReport,
  killScenario,
  postgresRestartScenario,
  redisEmptyRestartScenario,
  redisRestartScenario,
  type Scenario,
  twoInstancesScenario,
} from '../../bench/support/faults.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { postgresReachable } from '../log/fixtures.ts';

const hasRedisServer = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const hasRedis = await (async () => {
  const client = createClient({ url: TEST_REDIS_URL, socket: { connectTimeout: 1000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    if (client.isOpen) client.destroy();
  }
})();
const hasPostgres = await postgresReachable();
const USERS = 4;
const TURNS = 6;

const clean = (report: FaultReport) => {
  expect(report).toMatchObject({
    replied: report.turns,
    lost: 0,
    duplicated: 0,
    profile_updates_lost: 0,
    refinements_failed: 0,
    crashes: 0,
  });
  expect(report.turns).toBeGreaterThanOrEqual(USERS * TURNS);
};

const run = (scenario: Scenario) => scenario(silentLogger, USERS, TURNS);

describe.skipIf(!hasRedis || !hasPostgres)('faults during load, shared state in Redis and PostgreSQL', () => {
  it('kill -9 of an instance mid-load: every replied turn logged exactly once, no profile update lost', async () => {
    const report = await run(killScenario);
    clean(report);
  }, 120_000);

  it('Redis cut and back: answers from the local cache, re-syncs, loses nothing', async () => {
    clean(await run(redisRestartScenario));
  }, 120_000);

  it.skipIf(!hasRedisServer)(
    'Redis restarted empty: the cache re-fills it, nothing lost',
    async () => {
      clean(await run(redisEmptyRestartScenario));
    },
    120_000,
  );

  it('PostgreSQL cut and back: turns spooled and written once after recovery', async () => {
    clean(await run(postgresRestartScenario));
  }, 120_000);

  it('two instances, alternate turns: "cheaper" on one refines the other\'s list, racing turns both kept', async () => {
    const report = await run(twoInstancesScenario);
    clean(report);
    expect(report.refinements_checked).toBe(USERS * 2);
  }, 120_000);
});
