/**
 * The fault scenarios of `bench faults`, small: a Redis restart, a PostgreSQL log outage and a SIGKILL of the bot,
 * each during a short load of shoppers who dislike colours and ask for items. Nothing replied may be missing from
 * the log or logged twice, no profile update may be lost, and the bot must not crash on its own.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { killScenario, postgresOutageScenario, redisRestartScenario } from '../../bench/support/faults.ts';
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
const hasPostgres = await postgresReachable();
const USERS = 4;
const TURNS = 6;

describe('faults during load', () => {
  it.skipIf(!hasRedisServer)(
    'Redis restart: answers from the cache, re-syncs to Redis, loses nothing',
    async () => {
      const report = await redisRestartScenario(silentLogger, USERS, TURNS);
      expect(report).toMatchObject({ replied: USERS * TURNS, lost: 0, duplicated: 0, profile_updates_lost: 0 });
    },
    120_000,
  );

  it.skipIf(!hasPostgres)(
    'PostgreSQL outage: turns spooled and written once after recovery, no crash',
    async () => {
      const report = await postgresOutageScenario(silentLogger, USERS, TURNS);
      expect(report).toMatchObject({
        replied: USERS * TURNS,
        lost: 0,
        duplicated: 0,
        profile_updates_lost: 0,
        crashes: 0,
      });
    },
    120_000,
  );

  it('kill -9 mid-load: every replied turn logged exactly once, no profile update lost', async () => {
    const report = await killScenario(silentLogger, USERS, TURNS);
    expect(report).toMatchObject({
      replied: USERS * TURNS,
      lost: 0,
      duplicated: 0,
      profile_updates_lost: 0,
      crashes: 0,
    });
  }, 120_000);
});
