/**
 * The erasure scenarios of `bench faults`, small, against the real Redis and PostgreSQL (each run isolated and cleaned
 * up): "forget me" with Redis cut off, with PostgreSQL cut off, and as PostgreSQL comes back while the instance writes
 * its spool back. Afterwards nothing of an erased shopper remains anywhere — log, spool, journal, Redis, experiment
 * rows, the bytes of the data home's files — every reply told the truth, and the other shoppers lost nothing.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../bench/support/faults.ts';
import { expectClean, runSmall, sharedServersReachable } from './support.ts';

describe.skipIf(!(await sharedServersReachable()))('"forget me" through outages', () => {
  for (const name of ['erasure-redis-down', 'erasure-postgres-down', 'erasure-during-write-back']) {
    it(`${name}: nothing of an erased shopper remains, every reply truthful`, async () => {
      const report = await runSmall(SCENARIOS[name]!);
      expectClean(report);
      expect(report.erasure).toMatchObject({
        replies_untruthful: 0,
        pending_replies_wrong: 0,
        log_turns_left: 0,
        spool_turns_left: 0,
        journal_turns_left: 0,
        redis_keys_left: 0,
        experiment_rows_left: 0,
        erasures_pending: 0,
        files_with_traces: [],
      });
      expect(report.erasure!.erased_users).toBeGreaterThan(0);
    }, 120_000);
  }
});
