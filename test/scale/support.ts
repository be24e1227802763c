/** What the fault tests share: which servers are here, the small load they run and what a clean report is. */
import { execFileSync } from 'node:child_process';
import { createClient } from '@keyv/redis';
import { expect } from 'vitest';
import { TEST_REDIS_URL } from '../../bench/support/fault-infra.ts';
import type { FaultReport } from '../../bench/support/fault-report.ts';
import type { Scenario } from '../../bench/support/faults.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { postgresReachable } from '../log/fixtures.ts';

/** Whether a `redis-server` binary is on the PATH (for the private, really restarted Redis). */
export const hasRedisServer = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Whether the shared Redis and PostgreSQL answer (the tests skip cleanly otherwise). */
export async function sharedServersReachable(): Promise<boolean> {
  const client = createClient({ url: TEST_REDIS_URL, socket: { connectTimeout: 1000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG' && (await postgresReachable());
  } catch {
    return false;
  } finally {
    if (client.isOpen) client.destroy();
  }
}

export const USERS = 4;
export const TURNS = 6;

/** Runs a scenario with the small load. */
export const runSmall = (scenario: Scenario) => scenario(silentLogger, USERS, TURNS);

/** Every turn answered; nothing lost, logged twice, forgotten or mis-refined; no crash. */
export function expectClean(report: FaultReport): void {
  expect(report).toMatchObject({
    replied: report.turns,
    lost: 0,
    duplicated: 0,
    profile_updates_lost: 0,
    refinements_failed: 0,
    crashes: 0,
  });
  expect(report.turns).toBeGreaterThanOrEqual(USERS * TURNS);
}
