/**
 * The process-level fault scenarios of `bench faults`, small, in shared-state mode against the real Redis
 * (127.0.0.1:6379) and PostgreSQL (127.0.0.1:5432), each run isolated (own keys, own schema) and cleaned up: kill -9 of
 * an instance (with the servers up, and while both are cut off), and two instances answering alternate turns of the
 * same conversations. Every turn must be answered; nothing replied may be missing from the log or logged twice, no
 * profile update may be lost, "cheaper" on one instance must refine the other's list, and no instance may crash.
 */
import { describe, expect, it } from 'vitest';
import { killDuringOutageScenario, killScenario, twoInstancesScenario } from '../../bench/support/faults.ts';
import { expectClean, runSmall, sharedServersReachable, USERS } from './support.ts';

describe.skipIf(!(await sharedServersReachable()))(
  'instances killed or side by side, shared Redis and PostgreSQL',
  () => {
    it('kill -9 of an instance mid-load: every replied turn logged exactly once, no profile update lost', async () => {
      expectClean(await runSmall(killScenario));
    }, 120_000);

    it('kill -9 while Redis and PostgreSQL are cut off: the restarted instance hands back its cache and spool', async () => {
      expectClean(await runSmall(killDuringOutageScenario));
    }, 120_000);

    it('two instances, alternate turns: "cheaper" on one refines the other\'s list, racing turns both kept', async () => {
      const report = await runSmall(twoInstancesScenario);
      expectClean(report);
      expect(report.refinements_checked).toBe(USERS * 2);
    }, 120_000);
  },
);
