/**
 * The server outage scenarios of `bench faults`, small, against the real Redis (127.0.0.1:6379) and PostgreSQL
 * (127.0.0.1:5432), each run isolated and cleaned up: Redis cut off and back (cuttable proxy), a private Redis that
 * really restarts empty, two instances on alternate turns while Redis is cut off, PostgreSQL cut off and back. The instance keeps answering every turn; afterwards Redis alone
 * has every profile update and PostgreSQL every replied turn exactly once.
 */
import { describe, it } from 'vitest';
import {
  postgresRestartScenario,
  redisEmptyRestartScenario,
  redisRestartScenario,
  twoInstancesOutageScenario,
} from '../../bench/support/faults.ts';
import { expectClean, hasRedisServer, runSmall, sharedServersReachable } from './support.ts';

describe.skipIf(!(await sharedServersReachable()))('Redis and PostgreSQL restarts during load', () => {
  it('Redis cut and back: answers from the local cache, re-syncs, loses nothing', async () => {
    expectClean(await runSmall(redisRestartScenario));
  }, 120_000);

  it.skipIf(!hasRedisServer)(
    'Redis restarted empty: what changed during the outage is copied back, nothing lost',
    async () => {
      expectClean(await runSmall(redisEmptyRestartScenario));
    },
    120_000,
  );

  it('Redis cut and back under two instances on alternate turns: each copies its changes back merged', async () => {
    expectClean(await runSmall(twoInstancesOutageScenario));
  }, 120_000);

  it('PostgreSQL cut and back: turns spooled and written once after recovery', async () => {
    expectClean(await runSmall(postgresRestartScenario));
  }, 120_000);
});
