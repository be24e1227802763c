/** `bench load` reads its own turns back from the log: every replied turn is found there once, in both modes. */
import { afterAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../bench/load.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { tempHome, testConfig } from '../log/fixtures.ts';

const { home, cleanup } = tempHome();
afterAll(cleanup);

describe('bench load', () => {
  for (const telegram of [false, true]) {
    it(`finds every replied turn in the log (${telegram ? 'Telegram loopback' : 'in-process'})`, async () => {
      const config = testConfig(home, { FASHION_CATALOGS: 'demo' });
      const figures = await runLoad(config, silentLogger, { users: 5, turns: 3, thinkMs: 0, telegram });
      expect(figures).toMatchObject({ turns: 15, replied: 15, lost: 0, duplicated: 0 });
      expect(figures.stalls.loop_delay_p99_ms).toBeGreaterThanOrEqual(0);
      expect(figures.stalls.long_tasks?.threshold_ms).toBe(10);
      expect(figures.idle_heap_mb).toBeGreaterThan(0);
    }, 180_000);
  }
});
